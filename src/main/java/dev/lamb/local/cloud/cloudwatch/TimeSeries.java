package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One series of a GetMetricData answer or a metric math value: a label, values by period start, and the period. */
public record TimeSeries(String label, NavigableMap<Instant, Double> points, int period) {
    public TimeSeries {
        points = Collections.unmodifiableNavigableMap(new TreeMap<>(points));
    }

    TimeSeries withPoints(NavigableMap<Instant, Double> newPoints) {
        return new TimeSeries(label, newPoints, period);
    }

    TimeSeries withLabel(String newLabel) {
        return new TimeSeries(newLabel, points, period);
    }
}
