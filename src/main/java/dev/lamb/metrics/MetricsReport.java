package dev.lamb.metrics;

import java.util.List;
import java.util.Map;

/**
 * What lamb metrics found for one window: each target's figures and series, and the AWS calls it took, by operation
 * (the GetMetricData calls apart: one a window unless CloudWatch pages its answer). Times are ISO-8601 instants.
 */
public record MetricsReport(String from, String until, int periodSeconds, List<String> periodStarts, List<FunctionMetrics> functions,
        Calls calls, List<String> notes) {
    /** The calls, as deploy counts them: reads and writes, and each operation's count. */
    public record Calls(int metricData, int reads, int writes, Map<String, Integer> byOperation) {}
}
