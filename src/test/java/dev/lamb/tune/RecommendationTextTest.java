package dev.lamb.tune;

import static dev.lamb.tune.SizeFixtures.of;
import static dev.lamb.tune.SizeFixtures.ok;
import static dev.lamb.tune.SizeFixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.SizeResult.Verdict;

class RecommendationTextTest {
    private static final Strategy COST = Strategy.cost();
    private static final SizeResult S512 = ok(512, 1.00e-6, 60);
    private static final SizeResult S1024 = ok(1024, 1.40e-6, 40);
    private static final List<SizeResult> SIZES = List.of(ok(256, 1.2e-6, 150), S512, S1024);

    @Test
    void saysWhatToSetAndWhatItChangesAgainstTheCurrentSize() {
        // Each billed mean is known to ±1%; the ratio of two to ±1.4%, shown rounded up.
        assertEquals("set memory to 512 MB (now 1024 MB): -$0.40 per million invocations (-29%), "
                + "median 40.0 ms -> 60.0 ms (+50%), ±2% at 95% confidence",
                RecommendationText.of(Optional.of(S512), S1024, SIZES, COST));
    }

    @Test
    void saysSoWhenTheCurrentSizeIsAlreadyBest() {
        assertEquals("keep 512 MB: the current configuration is already the best measured "
                + "($1.00 per million invocations, median 60.0 ms, ±1% at 95% confidence)",
                RecommendationText.of(Optional.of(S512), S512, SIZES, COST));
    }

    @Test
    void namesTheArchitectureWhenTwoWereCompared() {
        SizeResult arm = of(512, "arm64", 0.85e-6, 62, 70, 0.62, Verdict.OK);
        List<SizeResult> both = List.of(S512, S1024, arm);
        assertEquals("set memory to 512 MB and architecture to arm64 (now 1024 MB x86_64): -$0.55 per million "
                + "invocations (-39%), median 40.0 ms -> 62.0 ms (+55%), ±2% at 95% confidence",
                RecommendationText.of(Optional.of(arm), S1024, both, COST));
        assertEquals("set memory to 512 MB and architecture to arm64 (now 512 MB x86_64): -$0.15 per million "
                + "invocations (-15%), median 60.0 ms -> 62.0 ms (+3%), ±2% at 95% confidence",
                RecommendationText.of(Optional.of(arm), S512, both, COST));
    }

    @Test
    void withoutAMeasuredCurrentSizeItGivesTheFiguresAlone() {
        assertEquals("set memory to 512 MB: $1.00 per million invocations, median 60.0 ms, ±1% at 95% confidence "
                + "(the current configuration was not measured)",
                RecommendationText.of(Optional.of(S512), null, SIZES, COST));
    }

    @Test
    void explainsWhyNothingIsRecommended() {
        List<SizeResult> failing = SIZES.stream().map(s -> with(s, Verdict.INFEASIBLE, "out of memory")).toList();
        assertEquals("no size to recommend: every size measured failed or came within 10% of its memory",
                RecommendationText.of(Optional.empty(), null, failing, COST));
        // p95 is 1.2 × median: 180, 72 and 48 ms.
        assertEquals("no size meets p95 <= 30.0 ms: the lowest p95 was 48.0 ms, at 1024 MB x86_64",
                RecommendationText.of(Optional.empty(), S1024, SIZES, COST.withMaxP95(30)));
    }

    @Test
    void saysWhenTheIntervalIsUnknown() {
        SizeResult once = of(512, "x86_64", 1e-6, 60, 60, Double.POSITIVE_INFINITY, Verdict.OK);
        assertEquals("set memory to 512 MB: $1.00 per million invocations, median 60.0 ms, confidence unknown "
                + "(too few samples) (the current configuration was not measured)",
                RecommendationText.of(Optional.of(once), null, List.of(once), COST));
    }

    @Test
    void formatsMoneyAndMilliseconds() {
        assertEquals("$0.20", RecommendationText.money(0.2041667));
        assertEquals("$13.53", RecommendationText.money(13.5334));
        assertEquals("$0.00417", RecommendationText.money(0.0041667));
        assertEquals("$0.00", RecommendationText.money(0));
        assertEquals("2.13 ms", RecommendationText.ms(2.126));
        assertEquals("42.1 ms", RecommendationText.ms(42.14));
        assertEquals("444 ms", RecommendationText.ms(443.9));
    }
}
