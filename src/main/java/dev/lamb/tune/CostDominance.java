package dev.lamb.tune;

import java.util.List;

import dev.lamb.config.Architecture;
import dev.lamb.lambda.ReportLine;
import dev.lamb.stats.Stats;
import dev.lamb.tune.MemorySweep.SizeToTry;

/**
 * --auto's early stop for a size that can no longer be the cheapest: at the low end of its billed mean's 95%
 * interval it still costs more than some feasible size already measured costs at the high end of its own. More
 * samples would only narrow an interval that is out of the running, so the sweep spends them on the contenders.
 * It stops too when, costing more than such a size as measured, it could save at most
 * {@link CheapestSearch#TOLERANCE} of that size's cost at its low end: picking the other one is then as good as
 * the goal asks (the recommended size's cost within 2% of the optimum's).
 */
final class CostDominance implements MemorySweep.EarlyStop {
    private final CostModel costs;

    CostDominance(CostModel costs) {
        this.costs = costs;
    }

    @Override
    public boolean cannotWin(SizeToTry size, List<ReportLine> warm, List<Measured> measured) {
        double lowest = bound(size.memoryMb(), size.architecture(), warm, -1);
        double mean = bound(size.memoryMb(), size.architecture(), warm, 0);
        return measured.stream()
                .filter(m -> m.failures().isEmpty() && m.warm().size() > 1)
                .anyMatch(m -> bound(m.memoryMb(), m.architecture(), m.warm(), 1) < lowest
                        || atMostTolerance(lowest, mean, bound(m.memoryMb(), m.architecture(), m.warm(), 0)));
    }

    /** Costlier than the other size as measured, and at its low end less than the tolerance cheaper than it. */
    private static boolean atMostTolerance(double lowest, double mean, double otherMean) {
        return mean >= otherMean && lowest >= (1 - CheapestSearch.TOLERANCE) * otherMean;
    }

    /** Warm cost per invocation at the billed trimmed mean (side 0) or one end of its 95% interval (-1 low, 1 high). */
    private double bound(int memoryMb, String architecture, List<ReportLine> warm, int side) {
        Stats billed = Stats.of(warm.stream().map(ReportLine::billedDurationMs).toList());
        double ms = billed.trimmedMean() + (side == 0 ? 0 : side * billed.halfWidth());
        return costs.perInvocation(Architecture.parse(architecture), memoryMb, Math.max(0, ms));
    }
}
