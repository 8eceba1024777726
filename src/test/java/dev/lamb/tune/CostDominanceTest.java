package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.lamb.lambda.ReportLine;
import dev.lamb.tune.MemorySweep.SizeToTry;

/** Issue 18, goal 4: --auto stops sampling a size whose 95% cost interval is above a measured size's. */
class CostDominanceTest {
    private final CostDominance dominance = new CostDominance(new CostModel(PriceTable.standard(), 0.01));

    @Test
    void aSizeCostlierEvenAtItsLowEndCannotWin() {
        // 1024 MB at ~20 ms costs about twice 512 MB at ~20 ms: its interval is clear of 512 MB's
        assertTrue(dominance.cannotWin(new SizeToTry(1024, "x86_64"), billed(19, 20, 21, 20, 22), List.of(measured(512, 20, 21, 19, 20, 20))));
    }

    @Test
    void overlappingIntervalsAndLoneSamplesKeepSampling() {
        // 1024 MB at 10 ms and 512 MB at 20 ms cost the same: either may win
        assertFalse(dominance.cannotWin(new SizeToTry(1024, "x86_64"), billed(9, 10, 11, 10, 12), List.of(measured(512, 20, 21, 19, 20, 20))));
        // one sample has no interval
        assertFalse(dominance.cannotWin(new SizeToTry(1024, "x86_64"), billed(40), List.of(measured(512, 20, 21, 19, 20, 20))));
        assertFalse(dominance.cannotWin(new SizeToTry(1024, "x86_64"), billed(40, 41, 40, 42, 40), List.of(measured(512, 20))));
    }

    @Test
    void aFailingSizeDominatesNothing() {
        Measured failing = new Measured(512, "x86_64", "1", null, billed(20, 20, 20, 20, 20), List.of(), List.of("Runtime.OutOfMemory"),
                List.of(), false, Instant.EPOCH, Instant.EPOCH);
        assertFalse(dominance.cannotWin(new SizeToTry(1024, "x86_64"), billed(40, 41, 40, 42, 40), List.of(failing)));
    }

    private static Measured measured(int memoryMb, long... billedMs) {
        return new Measured(memoryMb, "x86_64", "1", null, billed(billedMs), List.of(), List.of(), List.of(), false, Instant.EPOCH,
                Instant.EPOCH);
    }

    private static List<ReportLine> billed(long... ms) {
        return IntStream.range(0, ms.length).mapToObj(i -> new ReportLine("r" + i, ms[i], ms[i], 128, 36, null, "success", null)).toList();
    }
}
