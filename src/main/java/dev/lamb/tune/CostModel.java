package dev.lamb.tune;

import dev.lamb.LambException;
import dev.lamb.config.Architecture;
import dev.lamb.lambda.ReportLine;

/**
 * What an invocation costs: billed seconds × memory in GB × price per GB-second, plus the request fee, and
 * a cold start weighted in by the share of invocations that start cold.
 *
 * <p>The request fee is in, unlike Power Tuning: at $0.20 per million it outweighs the compute charge of
 * any 128 MB run under about 95 ms, so leaving it out makes small sizes of fast functions look several
 * times cheaper than they are. Means are not rounded up: each sample was already billed to the
 * millisecond, and rounding the mean again would overstate a 2 ms function by up to half.
 */
public final class CostModel {
    private static final double MB_PER_GB = 1024;

    private final PriceTable prices;
    private final double coldStartRate;

    /** @param coldStartRate share of invocations that start cold, 0..1 (AWS says typically under 1%) */
    public CostModel(PriceTable prices, double coldStartRate) {
        if (!(coldStartRate >= 0 && coldStartRate <= 1)) {
            throw LambException.usage("cold-start rate " + coldStartRate + " is not a share: give a number in 0..1");
        }
        this.prices = prices;
        this.coldStartRate = coldStartRate;
    }

    public double coldStartRate() {
        return coldStartRate;
    }

    /** USD for one invocation billed {@code billedMs} at {@code memoryMb}. */
    public double perInvocation(Architecture arch, int memoryMb, double billedMs) {
        PriceTable.Price price = prices.price(arch);
        return billedMs / 1000 * (memoryMb / MB_PER_GB) * price.perGbSecond() + price.perRequest();
    }

    /**
     * USD per invocation with cold starts weighted in: (1 - r) × warm + r × cold. Without a cold sample the
     * warm cost stands for both.
     *
     * @param coldBilledMs the cold invocation's billed duration, init included (see {@link #coldBilledMs})
     */
    public double perInvocation(Architecture arch, int memoryMb, double warmBilledMs, Double coldBilledMs) {
        double warm = perInvocation(arch, memoryMb, warmBilledMs);
        if (coldBilledMs == null) {
            return warm;
        }
        return (1 - coldStartRate) * warm + coldStartRate * perInvocation(arch, memoryMb, coldBilledMs);
    }

    public static double perMillion(double perInvocation) {
        return perInvocation * 1_000_000;
    }

    /**
     * Billed duration of a cold invocation, init included: Lambda bills the INIT phase since August 2025 and
     * its REPORT's Billed Duration then includes it. Older lines, and emulators, leave init out; the sum of
     * both, rounded up as Lambda rounds, is the floor.
     */
    public static double coldBilledMs(ReportLine cold) {
        return Math.max(cold.billedDurationMs(), ReportLine.billed(cold.durationMs(), cold.initDurationMs()));
    }
}
