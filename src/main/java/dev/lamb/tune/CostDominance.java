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
 */
final class CostDominance implements MemorySweep.EarlyStop {
    private final CostModel costs;

    CostDominance(CostModel costs) {
        this.costs = costs;
    }

    @Override
    public boolean cannotWin(SizeToTry size, List<ReportLine> warm, List<Measured> measured) {
        double lowest = bound(size.memoryMb(), size.architecture(), warm, -1);
        return measured.stream()
                .filter(m -> m.failures().isEmpty() && !m.warm().isEmpty())
                .anyMatch(m -> bound(m.memoryMb(), m.architecture(), m.warm(), 1) < lowest);
    }

    /** Warm cost per invocation at one end of the billed trimmed mean's 95% interval (side -1 low, 1 high). */
    private double bound(int memoryMb, String architecture, List<ReportLine> warm, int side) {
        Stats billed = Stats.of(warm.stream().map(ReportLine::billedDurationMs).toList());
        double ms = billed.trimmedMean() + side * billed.halfWidth();
        return costs.perInvocation(Architecture.parse(architecture), memoryMb, Math.max(0, ms));
    }
}
