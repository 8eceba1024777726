package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.EventMix;
import dev.lamb.tune.ProvisionedCost;
import dev.lamb.tune.TuneResult;
import picocli.CommandLine.Help.Ansi;

/** Issue 15 §3: tune's text and CSV say when the figures are a weighted mix, and carry --provisioned's prices. */
class ProvisionedTableTest {
    private static TuneResult withProvisionedAndMix() {
        TuneResult plain = TuneTableSamples.twoArchitectures();
        List<ProvisionedCost> provisioned = List.of(
                new ProvisionedCost(512, "x86_64", 1.2e-6, 1.2, 1.7916666666666667, 0.0075000600, 0.6),
                new ProvisionedCost(512, "arm64", 1.6e-6, 1.6, 1.54, 0.006, null));
        return new TuneResult(plain.function(), plain.region(), plain.optimize(), plain.sizes(), plain.current(),
                plain.recommended(), plain.recommendation(), plain.invocations(), plain.wallSeconds(),
                new EventMix.Summary(3, List.of(5.0, 3.0, 2.5)), provisioned);
    }

    @Test
    void theTextSaysTheFiguresAreAWeightedMixAndShowsProvisionedNextToOnDemand() {
        String text = TuneText.render(withProvisionedAndMix(), Ansi.OFF);
        assertTrue(text.contains("weighted mix of 3 events (weights 5, 3, 2.5)"), text);
        assertTrue(text.contains("with provisioned concurrency (aws.amazon.com/lambda/pricing"), text);
        String x86 = text.lines().filter(l -> l.startsWith("512 MB  x86_64")).findFirst().orElseThrow();
        assertTrue(x86.matches("512 MB  x86_64 +1\\.792 +1\\.200 +60% +0\\.0075\\d*"), x86);
        String arm = text.lines().filter(l -> l.startsWith("512 MB  arm64")).findFirst().orElseThrow();
        assertTrue(arm.contains("never"), arm);
    }

    @Test
    void oneEventAndNoProvisionedPricesAddNothing() {
        String text = TuneText.render(TuneTableSamples.twoArchitectures(), Ansi.OFF);
        assertFalse(text.contains("weighted mix") || text.contains("provisioned"), text);
        assertEquals(TuneCsv.HEADER.size(), TuneCsv.render(TuneTableSamples.twoArchitectures()).lines().findFirst().orElseThrow()
                .split(",").length);
    }

    @Test
    void theCsvGainsTheProvisionedColumnsForEachSize() {
        List<String> lines = TuneCsv.render(withProvisionedAndMix()).lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(TuneCsv.PROVISIONED, header.subList(TuneCsv.HEADER.size(), header.size()));
        String x86 = lines.stream().filter(l -> l.startsWith("512,x86_64,")).findFirst().orElseThrow();
        assertTrue(x86.endsWith(",1.2,0.6,0.00750006"), x86);
        assertTrue(lines.stream().filter(l -> l.startsWith("512,arm64,")).findFirst().orElseThrow().endsWith(",1.6,never,0.006"));
        assertTrue(lines.stream().filter(l -> l.startsWith("128,x86_64,")).findFirst().orElseThrow().endsWith(",,,"),
                "an infeasible size has no provisioned price");
    }
}
