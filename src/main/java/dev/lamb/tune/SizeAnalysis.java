package dev.lamb.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.lamb.config.Architecture;
import dev.lamb.lambda.ReportLine;
import dev.lamb.stats.Stats;

/** Turns one version's raw REPORT lines into its row: statistics, cost, and whether it can be recommended. */
final class SizeAnalysis {
    /** Max Memory Used at or above this share of the size is too close to running out to recommend. */
    static final double RISKY_MEMORY_SHARE = 0.9;

    private SizeAnalysis() {}

    static SizeResult of(Measured m, CostModel costs) {
        List<ReportLine> all = new ArrayList<>(m.warm());
        if (m.cold() != null) {
            all.add(m.cold());
        }
        int maxUsed = all.stream().mapToInt(ReportLine::maxMemoryUsedMb).max().orElse(0);
        // With --cold every sample is a cold start: their mean init stands for the size's.
        Double init = m.cold() != null ? m.cold().initDurationMs() : m.warm().stream().map(ReportLine::initDurationMs)
                .filter(Objects::nonNull).mapToDouble(Double::doubleValue).average().stream().boxed().findFirst().orElse(null);
        if (!m.failures().isEmpty() || m.warm().isEmpty()) {
            String reason = m.failures().isEmpty() ? "no invocation succeeded" : mostCommon(m.failures())
                    + " in " + m.failures().size() + " of " + m.invocations() + " invocations";
            return new SizeResult(m.memoryMb(), m.architecture(), m.warm().size(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, maxUsed, init, SizeResult.Verdict.INFEASIBLE, reason, m.refined(), null);
        }
        Stats durations = Stats.of(m.warm().stream().map(ReportLine::durationMs).toList());
        Stats billed = Stats.of(m.warm().stream().map(ReportLine::billedDurationMs).toList());
        Double coldBilled = m.cold() == null ? null : (double) CostModel.coldBilledMs(m.cold());
        double cost = costs.perInvocation(Architecture.parse(m.architecture()), m.memoryMb(), billed.trimmedMean(), coldBilled);
        boolean risky = maxUsed >= RISKY_MEMORY_SHARE * m.memoryMb();
        return new SizeResult(m.memoryMb(), m.architecture(), m.warm().size(), durations.median(), durations.p95(),
                billed.trimmedMean(), billed.halfWidth(), cost, maxUsed, init,
                risky ? SizeResult.Verdict.RISKY : SizeResult.Verdict.OK,
                risky ? "used " + maxUsed + " of " + m.memoryMb() + " MB" : "", m.refined(),
                ErrorAnswers.of(m.statuses(), m.invocations() - m.failures().size()));
    }

    static List<SizeResult> all(List<Measured> measured, CostModel costs) {
        return measured.stream().map(m -> of(m, costs))
                .sorted(Comparator.comparing(SizeResult::architecture).thenComparingInt(SizeResult::memoryMb)).toList();
    }

    private static String mostCommon(List<String> failures) {
        return failures.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("error");
    }
}
