package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.Architecture;
import dev.lamb.lambda.ReportLine;

class CostModelTest {
    private static final double USD = 1e-15;
    private final CostModel warmOnly = new CostModel(PriceTable.standard(), 0);

    @Test
    void billedSecondsTimesGigabytesTimesPricePlusTheRequestFee() {
        // 0.1 s × 0.125 GB × $0.0000166667 = $0.00000020833375, plus $0.0000002.
        assertEquals(4.0833375e-7, warmOnly.perInvocation(Architecture.X86_64, 128, 100), USD);
        // 1 s × 1 GB × $0.0000133334 + $0.0000002.
        assertEquals(1.35334e-5, warmOnly.perInvocation(Architecture.ARM64, 1024, 1000), USD);
        // 0.25 s × 1.5 GB × $0.0000166667 + $0.0000002: memory is divided by 1024, not 1000.
        assertEquals(6.4500125e-6, warmOnly.perInvocation(Architecture.X86_64, 1536, 250), USD);
    }

    @Test
    void perMillionInvocations() {
        assertEquals(0.40833375, CostModel.perMillion(warmOnly.perInvocation(Architecture.X86_64, 128, 100)), 1e-9);
        assertEquals(0.2, CostModel.perMillion(PriceTable.PER_REQUEST), 1e-12);
    }

    @Test
    void theRequestFeeDominatesAFastSmallFunction() {
        // 2 ms at 128 MB: compute is $0.0000000041667, the fee $0.0000002, 98% of the cost.
        double cost = warmOnly.perInvocation(Architecture.X86_64, 128, 2);
        assertEquals(2.041667e-7, cost, 1e-13);
    }

    @Test
    void coldStartsAreWeightedByTheirRateWithInitBilled() {
        // 512 MB x86_64: warm 20 ms costs $0.000000366667, cold 320 ms (300 ms of init) $0.000002866672.
        // 1% cold: 0.99 × 3.66667e-7 + 0.01 × 2.866672e-6 = 3.9166705e-7.
        CostModel onePercent = new CostModel(PriceTable.standard(), 0.01);
        assertEquals(3.9166705e-7, onePercent.perInvocation(Architecture.X86_64, 512, 20, 320.0), USD);
        assertEquals(3.66667e-7, onePercent.perInvocation(Architecture.X86_64, 512, 20, null), USD);
        assertEquals(3.66667e-7, warmOnly.perInvocation(Architecture.X86_64, 512, 20, 320.0), USD);
    }

    @Test
    void aColdInvocationIsBilledItsInitEvenWhenTheLineLeavesItOut() {
        ReportLine since2025 = new ReportLine("a", 3.01, 114, 128, 36, 110.10, "success", null);
        ReportLine before = new ReportLine("b", 3.01, 4, 128, 36, 110.10, "success", null);
        assertEquals(114, CostModel.coldBilledMs(since2025));
        assertEquals(114, CostModel.coldBilledMs(before));
    }

    @Test
    void refusesARateOutsideZeroToOne() {
        LambException e = assertThrows(LambException.class, () -> new CostModel(PriceTable.standard(), 1.5));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("cold-start rate 1.5 is not a share: give a number in 0..1", e.getMessage());
        assertThrows(LambException.class, () -> new CostModel(PriceTable.standard(), Double.NaN));
    }
}
