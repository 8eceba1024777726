package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One result of GetMetricData: a query's id and label, and its values at their timestamps, oldest first. */
public record MetricDataResult(String id, String label, List<Instant> timestamps, List<Double> values) {
    static MetricDataResult of(String id, TimeSeries series) {
        return new MetricDataResult(id, series.label(), new ArrayList<>(series.points().keySet()),
                new ArrayList<>(series.points().values()));
    }
}
