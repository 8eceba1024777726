package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;

/**
 * What one PutMetricData datum (or one recorded Lambda or API Gateway figure) adds to a metric: a value, values with
 * counts, or a statistic set, at a time, with a unit and a storage resolution (1 for high resolution, else 60). Values
 * are kept as they came, so that percentiles are exact rather than AWS's approximation; a statistic set has none, and so
 * no percentiles (unless its values are all one value, as AWS allows).
 *
 * @param values the values, each {@code counts[i]} times; null for a statistic set of several values
 */
public record Datapoint(Instant timestamp, double sampleCount, double sum, double min, double max, double[] values,
        double[] counts, String unit, int storageResolution) {

    /** One value, once: what Lambda's and API Gateway's own metrics record. */
    public static Datapoint of(Instant timestamp, double value, String unit) {
        return new Datapoint(timestamp, 1, value, value, value, new double[] {value}, new double[] {1}, unit, 60);
    }

    /** Values, each its count of times (PutMetricData's Value, or Values and Counts). */
    static Datapoint values(Instant timestamp, double[] values, double[] counts, String unit, int resolution) {
        double n = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            n += counts[i];
            sum += values[i] * counts[i];
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        return new Datapoint(timestamp, n, sum, min, max, values, counts, unit, resolution);
    }

    /** A statistic set: percentiles only when every value in it was the same (one sample, or min equal to max). */
    static Datapoint statisticSet(Instant timestamp, double sampleCount, double sum, double min, double max, String unit,
            int resolution) {
        boolean single = sampleCount == 1 || min == max;
        return new Datapoint(timestamp, sampleCount, sum, min, max, single ? new double[] {min} : null,
                single ? new double[] {sampleCount} : null, unit, resolution);
    }
}
