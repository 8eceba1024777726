package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The datapoints of one metric within one period, combined: what every statistic of that period is computed from.
 * The values are there for percentiles when every datapoint kept them; otherwise percentiles have no value.
 */
public final class Aggregate {
    private final Instant start;
    private double sampleCount;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final List<double[]> weighted = new ArrayList<>();
    private boolean exact = true;
    private String unit;

    Aggregate(Instant start) {
        this.start = start;
    }

    void add(Datapoint d) {
        sampleCount += d.sampleCount();
        sum += d.sum();
        min = Math.min(min, d.min());
        max = Math.max(max, d.max());
        unit = unit == null ? d.unit() : unit;
        if (d.values() == null) {
            exact = false;
        } else {
            for (int i = 0; i < d.values().length; i++) {
                weighted.add(new double[] {d.values()[i], d.counts()[i]});
            }
        }
    }

    /** The start of the period, which datapoints are stamped with. */
    public Instant start() {
        return start;
    }

    public double sampleCount() {
        return sampleCount;
    }

    public double sum() {
        return sum;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double average() {
        return sum / sampleCount;
    }

    /** The unit of the period's datapoints (the first one's), "None" when none was given. */
    public String unit() {
        return unit == null ? "None" : unit;
    }

    /**
     * The p-th percentile by nearest rank: the smallest value with at least p% of the samples at or below it, a value
     * that was seen (as lamb's other percentiles). Null when a statistic set hid the values, or a value was negative,
     * where AWS gives no percentiles either.
     */
    public Double percentile(double p) {
        if (!exact || weighted.isEmpty() || min < 0) {
            return null;
        }
        List<double[]> sorted = new ArrayList<>(weighted);
        sorted.sort(Comparator.comparingDouble(v -> v[0]));
        double rank = Math.max(p / 100 * sampleCount, Double.MIN_VALUE);
        double seen = 0;
        for (double[] v : sorted) {
            seen += v[1];
            if (seen >= rank - 1e-9) {
                return v[0];
            }
        }
        return sorted.get(sorted.size() - 1)[0];
    }
}
