package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.SizeResult.Verdict;

/**
 * Issue 15 §3, tune --provisioned. Expected values from the AWS Lambda pricing page, us-east-1 (2025): provisioned
 * concurrency x86_64 $0.0000041667 per GB-s allocated and $0.0000097222 per GB-s of duration, arm64 $0.0000033334 and
 * $0.0000077778; on-demand $0.0000166667 and $0.0000133334 per GB-s; $0.20 per million requests.
 */
class ProvisionedCostTest {
    private static final PriceTable PRICES = PriceTable.standard();

    private static SizeResult measured(int memoryMb, String arch, double billedMs, double onDemandPerInvocation) {
        return new SizeResult(memoryMb, arch, 20, billedMs, billedMs, billedMs, 0.1, onDemandPerInvocation, memoryMb / 4, null,
                Verdict.OK, "", false, null);
    }

    @Test
    void atFullUseEachInvocationPaysItsShareOfTheAllocationItsDurationAndTheRequest() {
        // 1024 MB for 100 ms: 0.1 GB-s.
        double onDemand = 0.1 * 0.0000166667 + 0.0000002;
        ProvisionedCost p = ProvisionedCost.of(measured(1024, "x86_64", 100, onDemand), PRICES);
        assertEquals(0.1 * 0.0000041667 + 0.1 * 0.0000097222 + 0.0000002, p.perInvocationAtFullUse(), 1e-15);
        assertEquals(p.perInvocationAtFullUse() * 1_000_000, p.perMillionAtFullUse(), 1e-9);
        assertEquals(onDemand * 1_000_000, p.onDemandPerMillion(), 1e-9);
        assertEquals(3600 * 0.0000041667, p.instancePerHour(), 1e-12, "one GB for an hour");
        // AWS's own rule of thumb: provisioned pays off above about 60% use.
        assertEquals(0.0000041667 / (0.0000166667 - 0.0000097222), p.breakEvenUse(), 1e-9);
        assertEquals(0.60, p.breakEvenUse(), 0.001);
    }

    @Test
    void arm64HasItsOwnProvisionedPrices() {
        ProvisionedCost p = ProvisionedCost.of(measured(512, "arm64", 200, 0.1 * 0.0000133334 + 0.0000002), PRICES);
        assertEquals(0.1 * 0.0000033334 + 0.1 * 0.0000077778 + 0.0000002, p.perInvocationAtFullUse(), 1e-15);
        assertEquals(1800 * 0.0000033334, p.instancePerHour(), 1e-12);
    }

    @Test
    void whenColdStartsAreRareAndOnDemandIsNoDearerProvisionedNeverPaysOff() {
        // An on-demand cost at or below provisioned's duration price alone leaves nothing for the allocation.
        ProvisionedCost p = ProvisionedCost.of(measured(1024, "x86_64", 100, 0.1 * 0.0000097222 + 0.0000002), PRICES);
        assertNull(p.breakEvenUse());
    }

    @Test
    void anInfeasibleSizeHasNoProvisionedPrice() {
        SizeResult failed = new SizeResult(128, "x86_64", 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 128, null,
                Verdict.INFEASIBLE, "timeout", false, null);
        assertNull(ProvisionedCost.of(failed, PRICES));
    }
}
