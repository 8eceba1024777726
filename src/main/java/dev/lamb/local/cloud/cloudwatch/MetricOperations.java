package dev.lamb.local.cloud.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.PageAfter;

/**
 * CloudWatch's metric operations: PutMetricData, GetMetricData, GetMetricStatistics and ListMetrics, with the
 * limits and errors of the API reference (2010-08-01) and the botocore model's shapes.
 */
final class MetricOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** PutMetricData takes 1,000 metrics a request, and 150 values a datum; the value's magnitude has bounds. */
    private static final int MAX_METRIC_DATA = 1000;
    private static final int MAX_VALUES = 150;
    private static final double SMALLEST = 8.515920e-109;
    private static final double LARGEST = 1.174271e+108;
    private static final int MAX_STATISTIC_DATAPOINTS = 1440;
    private static final int LIST_PAGE = 500;
    private static final String LIST_TAG = "metrics:";
    private static final String DATA_TAG = "data:";

    private MetricOperations() {}

    static ObjectNode putMetricData(CloudWatchService cw, CloudWatchInput in) {
        String namespace = in.requiredText("Namespace");
        if (namespace.startsWith("AWS/") || namespace.isEmpty() || namespace.length() > 255) {
            throw CloudWatchErrors.invalidValue(namespace, "Namespace");
        }
        List<CloudWatchInput> data = new ArrayList<>(in.list("MetricData"));
        in.list("EntityMetricData").forEach(e -> data.addAll(e.list("MetricData")));
        if (data.isEmpty()) {
            throw CloudWatchErrors.missing("MetricData");
        }
        if (data.size() > MAX_METRIC_DATA) {
            throw CloudWatchErrors.invalid("The collection MetricData must not have a size greater than " + MAX_METRIC_DATA + ".");
        }
        Instant now = cw.metrics().clock().instant();
        List<Map.Entry<Metric, Datapoint>> checked = new ArrayList<>();
        for (CloudWatchInput datum : data) {
            Metric metric = Metric.of(namespace, datum.requiredText("MetricName"), MetricStat.dimensions(datum, "Dimensions"));
            checked.add(Map.entry(metric, datapoint(datum, now)));
        }
        // All or nothing: one bad datum refuses the request, and none of its data is kept.
        checked.forEach(e -> cw.metrics().put(e.getKey(), e.getValue()));
        return null;
    }

    private static Datapoint datapoint(CloudWatchInput datum, Instant now) {
        Instant at = datum.instant("Timestamp").orElse(now);
        if (at.isBefore(now.minus(Duration.ofDays(14)))) {
            throw CloudWatchErrors.invalid("The parameter " + datum.name("Timestamp") + " must specify a time no more than two weeks in the past.");
        }
        if (at.isAfter(now.plus(Duration.ofHours(2)))) {
            throw CloudWatchErrors.invalid("The parameter " + datum.name("Timestamp") + " must specify a time no more than two hours in the future.");
        }
        int resolution = datum.integer("StorageResolution").orElse(60);
        if (resolution != 1 && resolution != 60) {
            throw CloudWatchErrors.invalidValue(String.valueOf(resolution), datum.name("StorageResolution"));
        }
        String unit = MetricStat.unit(datum);
        String given = unit == null ? "None" : unit;
        List<String> forms = new ArrayList<>();
        for (String member : List.of("Value", "StatisticValues", "Values")) {
            if (datum.has(member)) {
                forms.add(datum.name(member));
            }
        }
        if (forms.size() > 1) {
            throw CloudWatchErrors.combination("The parameters " + forms.get(0) + " and " + forms.get(1)
                    + " are mutually exclusive and you have specified both.");
        }
        if (datum.has("StatisticValues")) {
            CloudWatchInput set = datum.structure("StatisticValues").orElseThrow();
            double count = required(set, "SampleCount");
            double sum = required(set, "Sum");
            double min = required(set, "Minimum");
            double max = required(set, "Maximum");
            if (count <= 0 || min > max) {
                throw CloudWatchErrors.invalid("The parameter " + datum.name("StatisticValues")
                        + " must have a SampleCount above 0 and a Minimum no greater than its Maximum.");
            }
            return Datapoint.statisticSet(at, count, sum, min, max, given, resolution);
        }
        if (datum.has("Values")) {
            List<Double> values = datum.numbers("Values");
            List<Double> counts = datum.numbers("Counts");
            if (values.size() > MAX_VALUES) {
                throw CloudWatchErrors.invalid("The collection " + datum.name("Values") + " must not have a size greater than " + MAX_VALUES + ".");
            }
            if (!counts.isEmpty() && counts.size() != values.size()) {
                throw CloudWatchErrors.invalid("The parameters " + datum.name("Values") + " and " + datum.name("Counts")
                        + " must be of the same size.");
            }
            double[] v = new double[values.size()];
            double[] c = new double[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = checkValue(values.get(i), datum.name("Values.member." + (i + 1)));
                c[i] = counts.isEmpty() ? 1 : counts.get(i);
            }
            return Datapoint.values(at, v, c, given, resolution);
        }
        double value = checkValue(datum.number("Value").orElseThrow(() -> CloudWatchErrors.missing(datum.name("Value"))),
                datum.name("Value"));
        return Datapoint.values(at, new double[] {value}, new double[] {1}, given, resolution);
    }

    private static double required(CloudWatchInput set, String member) {
        return checkValue(set.number(member).orElseThrow(() -> CloudWatchErrors.missing(set.name(member))), set.name(member));
    }

    /** A value CloudWatch takes: finite, and zero or within 8.515920e-109 to 1.174271e+108 in magnitude. */
    private static double checkValue(double value, String member) {
        double magnitude = Math.abs(value);
        if (!Double.isFinite(value) || magnitude != 0 && (magnitude < SMALLEST || magnitude > LARGEST)) {
            throw CloudWatchErrors.invalidValue(String.valueOf(value), member);
        }
        return value;
    }

    static ObjectNode getMetricStatistics(CloudWatchService cw, CloudWatchInput in) {
        Metric metric = Metric.of(in.requiredText("Namespace"), in.requiredText("MetricName"), MetricStat.dimensions(in, "Dimensions"));
        Instant start = in.requiredInstant("StartTime");
        Instant end = in.requiredInstant("EndTime");
        checkWindow(start, end);
        int period = in.integer("Period").orElseThrow(() -> CloudWatchErrors.missing("Period"));
        MetricStat.checkPeriod(period, "Period");
        List<Statistic> statistics = new ArrayList<>();
        in.texts("Statistics").forEach(s -> statistics.add(Statistic.parse(s, "Statistics")));
        List<Statistic> extended = new ArrayList<>();
        in.texts("ExtendedStatistics").forEach(s -> extended.add(Statistic.parse(s, "ExtendedStatistics")));
        if (statistics.stream().anyMatch(Statistic::isPercentile) || extended.stream().anyMatch(s -> !s.isPercentile())) {
            throw CloudWatchErrors.invalid("Statistics takes Sum, Average, Minimum, Maximum and SampleCount; ExtendedStatistics takes percentiles.");
        }
        if (statistics.isEmpty() == extended.isEmpty()) {
            throw CloudWatchErrors.combination("Must specify either Statistics or ExtendedStatistics, but not both.");
        }
        long requested = Duration.between(cw.metrics().roundStart(start, period), end).getSeconds() / period;
        if (requested > MAX_STATISTIC_DATAPOINTS) {
            throw CloudWatchErrors.combination("You have requested up to " + requested + " datapoints, which exceeds the limit of "
                    + MAX_STATISTIC_DATAPOINTS + ". You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }
        ArrayNode datapoints = NODES.arrayNode();
        for (Aggregate a : cw.metrics().aggregates(metric, start, end, period, MetricStat.unit(in))) {
            ObjectNode point = datapoints.addObject();
            point.set("Timestamp", CloudWatchProtocol.timestamp(a.start()));
            for (Statistic s : statistics) {
                point.put(s.name(), s.of(a));
            }
            point.put("Unit", a.unit());
            if (!extended.isEmpty()) {
                ObjectNode values = NODES.objectNode();
                extended.forEach(s -> {
                    Double v = s.of(a);
                    if (v != null) {
                        values.put(s.name(), v);
                    }
                });
                point.set("ExtendedStatistics", CloudWatchProtocol.map(values));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.put("Label", metric.name());
        out.set("Datapoints", datapoints);
        return out;
    }

    static ObjectNode getMetricData(CloudWatchService cw, CloudWatchInput in) {
        Instant start = in.requiredInstant("StartTime");
        Instant end = in.requiredInstant("EndTime");
        checkWindow(start, end);
        List<CloudWatchInput> items = in.list("MetricDataQueries");
        if (items.isEmpty()) {
            throw CloudWatchErrors.missing("MetricDataQueries");
        }
        if (items.size() > 500) {
            throw CloudWatchErrors.invalid("The collection MetricDataQueries must not have a size greater than 500.");
        }
        String scanBy = in.text("ScanBy").orElse("TimestampDescending");
        if (!scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw CloudWatchErrors.invalidValue(scanBy, "ScanBy");
        }
        int max = in.integer("MaxDatapoints").orElse(MetricQueries.MAX_DATAPOINTS);
        if (max < 1) {
            throw CloudWatchErrors.invalidValue(String.valueOf(max), "MaxDatapoints");
        }
        List<MetricDataQuery> queries = items.stream().map(MetricDataQuery::parse).toList();
        List<MetricDataResult> results = cw.queries().run(queries, start, end);
        String after = PageAfter.keyAfter(DATA_TAG, in.text("NextToken").orElse(null), CloudWatchErrors::invalidNextToken);
        long skip = parseOffset(after);
        long total = results.stream().mapToLong(r -> r.values().size()).sum();
        if (skip > total) {
            throw CloudWatchErrors.invalidNextToken();
        }
        ArrayNode out = NODES.arrayNode();
        long position = 0;
        long taken = 0;
        for (MetricDataResult r : results) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < r.values().size(); i++) {
                order.add(i);
            }
            if (scanBy.equals("TimestampDescending")) {
                Collections.reverse(order);
            }
            ArrayNode timestamps = NODES.arrayNode();
            ArrayNode values = NODES.arrayNode();
            boolean more = false;
            for (int i : order) {
                if (position++ < skip) {
                    continue;
                }
                if (taken == max) {
                    more = true;
                    break;
                }
                timestamps.add(CloudWatchProtocol.timestamp(r.timestamps().get(i)));
                values.add(r.values().get(i));
                taken++;
            }
            ObjectNode result = out.addObject();
            result.put("Id", r.id());
            result.put("Label", r.label());
            result.set("Timestamps", timestamps);
            result.set("Values", values);
            result.put("StatusCode", more ? "PartialData" : "Complete");
            result.set("Messages", NODES.arrayNode());
        }
        ObjectNode answer = NODES.objectNode();
        answer.set("MetricDataResults", out);
        if (skip + taken < total) {
            answer.put("NextToken", PageAfter.token(DATA_TAG, String.valueOf(skip + taken)));
        }
        answer.set("Messages", NODES.arrayNode());
        return answer;
    }

    private static long parseOffset(String after) {
        if (after == null) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw CloudWatchErrors.invalidNextToken();
        }
    }

    private static void checkWindow(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw CloudWatchErrors.invalid("The parameter StartTime must be less than the parameter EndTime.");
        }
    }

    static ObjectNode listMetrics(CloudWatchService cw, CloudWatchInput in) {
        String namespace = in.text("Namespace").orElse(null);
        String name = in.text("MetricName").orElse(null);
        List<CloudWatchInput> filters = in.list("Dimensions");
        if (filters.size() > 10) {
            throw CloudWatchErrors.invalid("The collection Dimensions must not have a size greater than 10.");
        }
        String recently = in.text("RecentlyActive").orElse(null);
        if (recently != null && !recently.equals("PT3H")) {
            throw CloudWatchErrors.invalidValue(recently, "RecentlyActive");
        }
        Instant now = cw.metrics().clock().instant();
        Instant since = recently != null ? now.minus(Duration.ofHours(3)) : now.minus(Duration.ofDays(14));
        List<Metric> matching = cw.metrics().metricsPutSince(since).stream()
                .filter(m -> namespace == null || m.namespace().equals(namespace))
                .filter(m -> name == null || m.name().equals(name))
                .filter(m -> filters.stream().allMatch(f -> {
                    String value = m.dimensions().get(f.requiredText("Name"));
                    return value != null && f.text("Value").map(value::equals).orElse(true);
                }))
                .toList();
        PageAfter.Page<Metric> page = PageAfter.page(LIST_TAG, matching, MetricOperations::key, Comparator.naturalOrder(),
                in.text("NextToken").orElse(null), LIST_PAGE, CloudWatchErrors::invalidNextToken);
        ArrayNode metrics = NODES.arrayNode();
        for (Metric m : page.items()) {
            ObjectNode item = metrics.addObject();
            item.put("Namespace", m.namespace());
            item.put("MetricName", m.name());
            ArrayNode dims = item.putArray("Dimensions");
            m.dimensions().forEach((k, v) -> dims.addObject().put("Name", k).put("Value", v));
        }
        ObjectNode out = NODES.objectNode();
        out.set("Metrics", metrics);
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    /** A metric's key for paging: its namespace, name and dimensions, in an order that never changes. */
    private static String key(Metric m) {
        StringBuilder key = new StringBuilder(m.namespace()).append('\u0000').append(m.name());
        m.dimensions().forEach((k, v) -> key.append('\u0000').append(k).append('=').append(v));
        return key.toString();
    }
}
