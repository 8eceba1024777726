package dev.lamb.tune;

import static dev.lamb.tune.SizeFixtures.of;
import static dev.lamb.tune.SizeFixtures.ok;
import static dev.lamb.tune.SizeFixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.tune.SizeResult.Verdict;

class StrategyTest {
    private static final CostModel COSTS = new CostModel(PriceTable.standard(), 0);
    private static final Strategy COST = Strategy.cost();

    /** A CPU-bound function: cost falls to 512 MB, then rises; time keeps falling. */
    private static final List<SizeResult> CURVE = List.of(
            ok(128, 1.60e-6, 400), ok(256, 1.20e-6, 150), ok(512, 1.00e-6, 60),
            ok(1024, 1.40e-6, 40), ok(2048, 2.50e-6, 35));

    private static int memory(Optional<SizeResult> chosen) {
        return chosen.orElseThrow().memoryMb();
    }

    @Test
    void costPicksTheCheapest() {
        assertEquals(512, memory(COST.choose(CURVE)));
    }

    @Test
    void costTiesWithinHalfAPercentGoToTheFaster() {
        SizeResult cheapest = of(512, "x86_64", 1.000e-6, 60, 70, 0, Verdict.OK);
        SizeResult within = of(640, "x86_64", 1.004e-6, 50, 60, 0, Verdict.OK);
        SizeResult beyond = of(768, "x86_64", 1.006e-6, 45, 55, 0, Verdict.OK);
        assertEquals(640, memory(COST.choose(List.of(cheapest, within, beyond))));
        assertEquals(512, memory(COST.choose(List.of(cheapest, beyond))));
    }

    @Test
    void overlappingIntervalsAreNotTiesTheCheapestWins() {
        SizeResult cheapest = of(512, "x86_64", 1.00e-6, 60, 70, 0.5, Verdict.OK);
        // 5% dearer and much faster, with an interval that overlaps the cheapest's: still not the cheapest.
        SizeResult noisy = of(1024, "x86_64", 1.05e-6, 20, 30, 5, Verdict.OK);
        assertEquals(512, memory(COST.choose(List.of(cheapest, noisy))));
    }

    @Test
    void speedPicksTheLowestMedianAndTiesGoToTheCheaper() {
        assertEquals(2048, memory(Strategy.speed().choose(CURVE)));
        List<SizeResult> plateau = new ArrayList<>(CURVE);
        plateau.add(of(3008, "x86_64", 3.4e-6, 34.9, 40, 0.3, Verdict.OK));
        // 34.9 ms against 35 ms, with intervals of ±0.3 and ±0.35 ms: a tie, and 2048 is cheaper.
        assertEquals(2048, memory(Strategy.speed().choose(plateau)));
        plateau.add(of(4096, "x86_64", 4.4e-6, 20, 25, 0.2, Verdict.OK));
        assertEquals(4096, memory(Strategy.speed().choose(plateau)));
    }

    @Test
    void infeasibleAndRiskySizesAreNeverChosen() {
        List<SizeResult> sizes = new ArrayList<>(CURVE);
        sizes.set(2, with(CURVE.get(2), Verdict.RISKY, "max memory used 470 of 512 MB"));
        sizes.set(4, with(CURVE.get(4), Verdict.INFEASIBLE, "Task timed out after 3.00 seconds"));
        assertEquals(256, memory(COST.choose(sizes)));
        assertEquals(1024, memory(Strategy.speed().choose(sizes)));
        assertEquals(1024, memory(Strategy.balanced(0.5).choose(sizes)));
        List<SizeResult> none = CURVE.stream().map(s -> with(s, Verdict.INFEASIBLE, "out of memory")).toList();
        assertTrue(COST.choose(none).isEmpty());
        assertTrue(COST.choose(List.of()).isEmpty());
    }

    @Test
    void balancedMinimisesCostTimesLatencyAtWeightOneHalf() {
        // cost × median: 640e-6, 180e-6, 60e-6, 56e-6, 87.5e-6.
        assertEquals(1024, memory(Strategy.balanced(0.5).choose(CURVE)));
        assertEquals(512, memory(Strategy.balanced(1).choose(CURVE)));
        assertEquals(2048, memory(Strategy.balanced(0).choose(CURVE)));
        // W = 0.8 weighs cost four times latency: 512 scores lower than 1024.
        assertEquals(512, memory(Strategy.balanced(0.8).choose(CURVE)));
    }

    @Test
    void balancedDoesNotDependOnWhichOtherSizesWereTested() {
        SizeResult a = ok(256, 1.0e-6, 100);
        SizeResult b = ok(1024, 2.0e-6, 45);
        SizeResult slow = ok(192, 1.5e-6, 400);
        Strategy balanced = Strategy.balanced(0.5);
        assertEquals(1024, memory(balanced.choose(List.of(a, b))));
        assertEquals(1024, memory(balanced.choose(List.of(a, b, slow))));
        // Power Tuning's score, cost / max cost + duration / max duration, flips to 256 when the slow size joins.
        assertTrue(powerTuningScore(a, 2.0e-6, 100) > powerTuningScore(b, 2.0e-6, 100));
        assertTrue(powerTuningScore(a, 2.0e-6, 400) < powerTuningScore(b, 2.0e-6, 400));
    }

    private static double powerTuningScore(SizeResult s, double maxCost, double maxDuration) {
        return 0.5 * s.costPerInvocation() / maxCost + 0.5 * s.medianMs() / maxDuration;
    }

    @Test
    void balancedTiesGoToTheCheaper() {
        SizeResult cheaper = ok(512, 1.000e-6, 60.3);
        SizeResult better = ok(640, 1.004e-6, 60);
        assertTrue(Strategy.balanced(0.5).score(better) < Strategy.balanced(0.5).score(cheaper));
        assertEquals(512, memory(Strategy.balanced(0.5).choose(List.of(better, cheaper))));
    }

    @Test
    void maxP95PicksTheCheapestSizeWithinTheBound() {
        // p95 is 1.2 × median: 480, 180, 72, 48, 42 ms.
        assertEquals(512, memory(COST.withMaxP95(100).choose(CURVE)));
        assertEquals(1024, memory(COST.withMaxP95(50).choose(CURVE)));
        assertEquals(640, memory(COST.withMaxP95(48).choose(List.of(of(640, "x86_64", 1e-6, 40, 48, 0.4, Verdict.OK)))));
        assertTrue(COST.withMaxP95(30).choose(CURVE).isEmpty());
    }

    @Test
    void maxP95SkipsRiskySizesThatMeetTheBound() {
        List<SizeResult> sizes = new ArrayList<>(CURVE);
        sizes.set(3, with(CURVE.get(3), Verdict.RISKY, "max memory used 950 of 1024 MB"));
        assertEquals(2048, memory(COST.withMaxP95(50).choose(sizes)));
    }

    @Test
    void aStrategyFromTheFlags() {
        assertEquals(Strategy.Goal.COST, Strategy.of(null, null, null).goal());
        assertEquals(Strategy.Goal.SPEED, Strategy.of("Speed", null, null).goal());
        Strategy balanced = Strategy.of("balanced", null, null);
        assertEquals(0.5, balanced.weight());
        assertEquals("balanced (weight 0.5)", balanced.describe());
        assertEquals("cost, p95 <= 200 ms", Strategy.of("cost", null, 200.0).describe());
        assertEquals("speed", Strategy.speed().describe());
        assertEquals(200.0, Strategy.of("cost", null, 200.0).maxP95Ms().orElseThrow());
    }

    @Test
    void refusesBadFlags() {
        LambException e = assertThrows(LambException.class, () -> Strategy.of("fast", null, null));
        assertEquals("--optimize fast is not a strategy: choose cost, speed or balanced", e.getMessage());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--weight 1.5 is out of range: the weight of cost is in 0..1",
                assertThrows(LambException.class, () -> Strategy.of("balanced", 1.5, null)).getMessage());
        assertEquals("--max-p95 0.0 is not a latency bound: give milliseconds, above 0",
                assertThrows(LambException.class, () -> Strategy.of("cost", null, 0.0)).getMessage());
    }
}
