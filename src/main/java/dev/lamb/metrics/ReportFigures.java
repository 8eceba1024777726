package dev.lamb.metrics;

import java.util.List;

import dev.lamb.lambda.ReportLine;
import dev.lamb.stats.Stats;

/**
 * What the window's REPORT lines tell that CloudWatch's metrics do not: how many invocations started cold (a line with
 * an Init Duration), the init time of those (p50, and p99 by nearest rank), and memory headroom: the most any
 * invocation used against its memory size. Null where there is nothing to take a figure from.
 */
public record ReportFigures(int lines, int coldStarts, Double coldStartRate, Double initP50Ms, Double initP99Ms,
        Integer maxMemoryUsedMb, Integer memorySizeMb, Double memoryUsedFraction, boolean truncated) {
    public static ReportFigures of(List<ReportLine> reports, boolean truncated) {
        List<Double> inits = reports.stream().filter(ReportLine::cold).map(ReportLine::initDurationMs).toList();
        Stats init = inits.isEmpty() ? null : Stats.of(inits);
        ReportLine fullest = reports.stream().filter(r -> r.memorySizeMb() > 0)
                .max((a, b) -> Double.compare(used(a), used(b))).orElse(null);
        return new ReportFigures(reports.size(), inits.size(), reports.isEmpty() ? null : (double) inits.size() / reports.size(),
                init == null ? null : init.median(), init == null ? null : init.percentile(0.99),
                fullest == null ? null : fullest.maxMemoryUsedMb(), fullest == null ? null : fullest.memorySizeMb(),
                fullest == null ? null : used(fullest), truncated);
    }

    private static double used(ReportLine line) {
        return (double) line.maxMemoryUsedMb() / line.memorySizeMb();
    }
}
