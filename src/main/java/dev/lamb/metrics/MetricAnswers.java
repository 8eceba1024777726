package dev.lamb.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * The datapoints GetMetricData answered, by query, gathered over every page: CloudWatch may split one query's points
 * across pages (NextToken), so a page adds to what earlier ones gave. A period with no datapoint is one in which the
 * metric had no sample: a count of 0, a percentile or maximum of nothing.
 */
final class MetricAnswers {
    private final MetricQueries queries;
    private final Map<MetricQueries.Key, TreeMap<Instant, Double>> points = new HashMap<>();
    private final List<String> messages = new ArrayList<>();

    MetricAnswers(MetricQueries queries) {
        this.queries = queries;
    }

    void add(GetMetricDataResponse page) {
        for (MetricDataResult result : page.metricDataResults()) {
            MetricQueries.Key key = queries.key(result.id());
            if (key == null) {
                continue;
            }
            TreeMap<Instant, Double> series = points.computeIfAbsent(key, k -> new TreeMap<>());
            for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
                series.merge(result.timestamps().get(i), result.values().get(i), key.measure().sum() ? Double::sum : Math::max);
            }
            result.messages().forEach(m -> messages.add(result.id() + ": " + m.value()));
        }
        page.messages().forEach(m -> messages.add(m.value()));
    }

    /**
     * A whole-window figure. Its period is the window, so CloudWatch answers one datapoint; should it split the window
     * (its buckets aligned otherwise than lamb's), counts add up and a maximum is the largest, and a percentile is the
     * largest part's, an upper bound: never an average of percentiles.
     */
    Double whole(int target, Measure measure, String version) {
        TreeMap<Instant, Double> found = points.get(new MetricQueries.Key(target, measure, version, true));
        if (found == null || found.isEmpty()) {
            return measure.sum() ? 0.0 : null;
        }
        return measure.sum() ? found.values().stream().mapToDouble(Double::doubleValue).sum()
                : found.values().stream().mapToDouble(Double::doubleValue).max().getAsDouble();
    }

    /**
     * A series, one value per period of the window, oldest first: 0 for a count with no datapoint, null otherwise. A
     * datapoint goes to the period it falls in, wherever in it CloudWatch stamped it.
     */
    List<Double> series(int target, Measure measure, String version, MetricsWindow window) {
        TreeMap<Instant, Double> found = points.getOrDefault(new MetricQueries.Key(target, measure, version, false), new TreeMap<>());
        List<Double> values = new ArrayList<>(Collections.nCopies(window.points(), measure.sum() ? 0.0 : null));
        found.forEach((time, value) -> {
            long index = Math.floorDiv(time.getEpochSecond() - window.from().getEpochSecond(), window.periodSeconds());
            if (index >= 0 && index < values.size()) {
                Double before = values.get((int) index);
                values.set((int) index, before == null ? value : measure.sum() ? before + value : Math.max(before, value));
            }
        });
        return values;
    }

    /** What CloudWatch said beside the data (a query it could not answer in full, say). */
    List<String> messages() {
        return messages;
    }
}
