package dev.lamb.local.cloud.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import dev.lamb.local.cloud.cloudwatch.MetricMath.Scalar;
import dev.lamb.local.cloud.cloudwatch.MetricMath.Series;
import dev.lamb.local.cloud.cloudwatch.MetricMath.SeriesArray;
import dev.lamb.local.cloud.cloudwatch.MetricMath.Value;

/**
 * GetMetricData's engine, which alarms evaluate their metrics with too: each MetricStat query's statistic per period
 * from the store, each expression over the others' values, and the results of the queries that return data, in the
 * order asked. An expression's result that is an array gives one result per series, all under its id; a scalar gives
 * its value at every period of the window.
 */
public final class MetricQueries {
    /** What one GetMetricData answer holds at most (API reference). */
    static final int MAX_DATAPOINTS = 100_800;
    private final MetricStore store;

    public MetricQueries(MetricStore store) {
        this.store = store;
    }

    /** The results of the queries that return data, over {@code start} (inclusive) to {@code end} (exclusive). */
    public List<MetricDataResult> run(List<MetricDataQuery> queries, Instant start, Instant end) {
        Map<String, MetricDataQuery> byId = new LinkedHashMap<>();
        for (MetricDataQuery q : queries) {
            if (byId.put(q.id(), q) != null) {
                throw CloudWatchErrors.invalid("The values for parameter id in MetricDataQueries are not unique.");
            }
        }
        Evaluation evaluation = new Evaluation(byId, start, end);
        List<MetricDataResult> results = new ArrayList<>();
        for (MetricDataQuery q : queries) {
            if (q.returnData()) {
                results.addAll(evaluation.results(q));
            }
        }
        return results;
    }

    /** One metric's statistic at its period, as a series labelled {@code label}. */
    public TimeSeries series(MetricStat stat, String label, Instant start, Instant end) {
        NavigableMap<Instant, Double> points = new TreeMap<>();
        for (Aggregate a : store.aggregates(stat.metric(), start, end, stat.period(), stat.unit())) {
            Double value = stat.stat().of(a);
            if (value != null) {
                points.put(a.start(), value);
            }
        }
        return new TimeSeries(label, points, stat.period());
    }

    private final class Evaluation implements MetricMath.Scope {
        private final Map<String, MetricDataQuery> byId;
        private final Instant start;
        private final Instant end;
        private final Map<String, Value> values = new LinkedHashMap<>();
        private final Set<String> evaluating = new HashSet<>();

        Evaluation(Map<String, MetricDataQuery> byId, Instant start, Instant end) {
            this.byId = byId;
            this.start = start;
            this.end = end;
        }

        List<MetricDataResult> results(MetricDataQuery q) {
            Value v = valueOf(q.id());
            if (v instanceof SeriesArray array) {
                return array.series().stream().map(s -> MetricDataResult.of(q.id(), q.label() == null ? s
                        : s.withLabel(q.label() + " " + s.label()))).toList();
            }
            TimeSeries series = v instanceof Series s ? s.series() : flat(((Scalar) v).value(), q);
            return List.of(MetricDataResult.of(q.id(), series.withLabel(q.defaultLabel())));
        }

        private TimeSeries flat(double value, MetricDataQuery q) {
            int period = q.period() != null ? q.period() : metricPeriod();
            NavigableMap<Instant, Double> points = new TreeMap<>();
            if (Double.isFinite(value)) {
                grid(period).forEach(t -> points.put(t, value));
            }
            return new TimeSeries(q.defaultLabel(), points, period);
        }

        private int metricPeriod() {
            return byId.values().stream().filter(q -> q.metricStat() != null).mapToInt(q -> q.metricStat().period()).min().orElse(60);
        }

        @Override
        public Value valueOf(String id) {
            Value known = values.get(id);
            if (known != null) {
                return known;
            }
            MetricDataQuery q = byId.get(id);
            if (q == null) {
                throw CloudWatchErrors.invalid("The expression refers to " + id + ", which no query in MetricDataQueries has as its Id.");
            }
            if (!evaluating.add(id)) {
                throw CloudWatchErrors.invalid("The expression of " + id + " refers to itself.");
            }
            Value v = q.metricStat() != null ? new Series(series(q.metricStat(), q.defaultLabel(), start, end))
                    : MetricMath.evaluate(id, q.expression(), this);
            evaluating.remove(id);
            values.put(id, v);
            return v;
        }

        @Override
        public List<TimeSeries> metrics(String idContains) {
            return byId.values().stream().filter(q -> q.metricStat() != null && (idContains == null || q.id().contains(idContains)))
                    .map(q -> ((Series) valueOf(q.id())).series()).toList();
        }

        /** Refused past GetMetricData's 100,800 datapoints, so that FILL at a fine period cannot fill the memory. */
        @Override
        public List<Instant> grid(int period) {
            Instant first = store.roundStart(start, period);
            if (Duration.between(first, end).getSeconds() / period > MAX_DATAPOINTS) {
                throw CloudWatchErrors.invalid("A period of " + period + " seconds over this window gives more than "
                        + MAX_DATAPOINTS + " datapoints; use a longer period or a shorter window.");
            }
            List<Instant> grid = new ArrayList<>();
            for (Instant t = first; t.isBefore(end); t = t.plusSeconds(period)) {
                grid.add(t);
            }
            return grid;
        }
    }
}
