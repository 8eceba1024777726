package dev.lamb.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lamb.LambException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Every query of one window in one GetMetricData request: for each target and figure, a series at the window's period
 * (for the chart) and a whole-window value whose period is the window's length, so that CloudWatch computes a
 * window's percentile from all its samples instead of lamb averaging per-period percentiles, which would be wrong.
 * Error rate and throughput are not queried: they are computed from these sums, client side, for they need nothing
 * more. The API's figures use the dimensions API Gateway publishes for a REST API stage, ApiName and Stage; the
 * per-version ones Lambda's FunctionName and ExecutedVersion.
 */
final class MetricQueries {
    /** GetMetricData takes at most 500 queries a request (CloudWatch API Reference, GetMetricData). */
    static final int MAX_QUERIES = 500;

    /** What one query reads: a figure of a target (and of one version, or null for all), per period or for the window. */
    record Key(int target, Measure measure, String version, boolean whole) {
        /** A query id: a lower-case letter first, then letters, digits and underscores (GetMetricData's rule). */
        String id() {
            return "t" + target + "_" + measure.id() + (version == null ? "" : "_v" + version.replaceAll("[^A-Za-z0-9]", "_"))
                    + (whole ? "_w" : "_s");
        }
    }

    private final MetricsWindow window;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final List<MetricDataQuery> queries = new ArrayList<>();

    private MetricQueries(MetricsWindow window) {
        this.window = window;
    }

    /** {@code versions}: for each target, the versions to split it by (empty: no split). */
    static MetricQueries of(List<MetricsTarget> targets, List<List<String>> versions, MetricsWindow window) {
        MetricQueries q = new MetricQueries(window);
        for (int i = 0; i < targets.size(); i++) {
            MetricsTarget target = targets.get(i);
            for (Measure m : Measure.lambda()) {
                q.both(i, m, null, lambdaDimensions(target, m));
            }
            if (target.apiName() != null) {
                for (Measure m : Measure.api()) {
                    q.both(i, m, null, List.of(dimension("ApiName", target.apiName()), dimension("Stage", target.stage())));
                }
            }
            for (String version : versions.get(i)) {
                for (Measure m : Measure.BY_VERSION) {
                    q.both(i, m, version, versionDimensions(target, version));
                }
            }
        }
        if (q.queries.size() > MAX_QUERIES) {
            throw LambException.usage(q.queries.size() + " queries are more than the " + MAX_QUERIES + " one GetMetricData "
                    + "request takes: give fewer --function names, or drop --by version");
        }
        return q;
    }

    /** The request for one page: the first with no token, the next with the token the previous answer gave. */
    GetMetricDataRequest request(String nextToken) {
        return GetMetricDataRequest.builder().startTime(window.from()).endTime(window.until()).metricDataQueries(queries)
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(nextToken).build();
    }

    Key key(String id) {
        return keys.get(id);
    }

    int size() {
        return queries.size();
    }

    List<MetricDataQuery> queries() {
        return queries;
    }

    private void both(int target, Measure measure, String version, List<Dimension> dimensions) {
        add(new Key(target, measure, version, false), dimensions, window.periodSeconds());
        add(new Key(target, measure, version, true), dimensions, (int) window.length().getSeconds());
    }

    private void add(Key key, List<Dimension> dimensions, int period) {
        String id = key.id();
        keys.put(id, key);
        queries.add(MetricDataQuery.builder().id(id).returnData(true).metricStat(s -> s.period(period).stat(key.measure().stat())
                .metric(m -> m.namespace(key.measure().source().namespace).metricName(key.measure().metric()).dimensions(dimensions)))
                .build());
    }

    private static List<Dimension> lambdaDimensions(MetricsTarget target, Measure measure) {
        Dimension function = dimension("FunctionName", target.function());
        return target.resource() == null || measure.level() == Measure.Level.FUNCTION ? List.of(function)
                : List.of(function, dimension("Resource", target.resource()));
    }

    /**
     * A version's figures: at a stage, the invocations through its alias that ran that version (FunctionName, Resource and
     * ExecutedVersion, the set Lambda publishes ExecutedVersion in); for a whole function, FunctionName and ExecutedVersion.
     */
    private static List<Dimension> versionDimensions(MetricsTarget target, String version) {
        Dimension function = dimension("FunctionName", target.function());
        Dimension executed = dimension("ExecutedVersion", version);
        return target.resource() == null ? List.of(function, executed) : List.of(function, dimension("Resource", target.resource()), executed);
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }
}
