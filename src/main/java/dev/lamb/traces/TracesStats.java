package dev.lamb.traces;

import java.util.List;

import dev.lamb.stats.Stats;

/**
 * The summary line's figures: counts, and p50/p95 of the end-to-end duration and of the init time of the
 * cold starts (null when there is nothing to take them from). p95 is nearest rank, a value that was seen.
 */
public record TracesStats(int traces, int cold, int warm, int faults, int errors, int throttled,
        Double durationP50Ms, Double durationP95Ms, Double initP50Ms, Double initP95Ms) {
    public static TracesStats of(List<TraceSummary> traces) {
        List<Double> durations = traces.stream().map(TraceSummary::durationMs).toList();
        List<Double> inits = traces.stream().filter(TraceSummary::cold).map(TraceSummary::initMs)
                .filter(v -> v != null).toList();
        int cold = (int) traces.stream().filter(TraceSummary::cold).count();
        Stats duration = durations.isEmpty() ? null : Stats.of(durations);
        Stats init = inits.isEmpty() ? null : Stats.of(inits);
        return new TracesStats(traces.size(), cold, traces.size() - cold, count(traces, "fault"), count(traces, "error"),
                count(traces, "throttled"),
                duration == null ? null : duration.median(), duration == null ? null : duration.p95(),
                init == null ? null : init.median(), init == null ? null : init.p95());
    }

    private static int count(List<TraceSummary> traces, String status) {
        return (int) traces.stream().filter(t -> t.status().equals(status)).count();
    }

    public int failed() {
        return faults + errors + throttled;
    }
}
