package dev.lamb.local.cloud.cloudwatch;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One CloudWatch metric: a namespace, a name and a set of dimensions. Each distinct set is a metric of its own, as on
 * AWS; the order the dimensions were given in does not make another metric.
 */
public record Metric(String namespace, String name, SortedMap<String, String> dimensions) {
    public Metric {
        dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
    }

    public static Metric of(String namespace, String name, Map<String, String> dimensions) {
        return new Metric(namespace, name, new TreeMap<>(dimensions));
    }
}
