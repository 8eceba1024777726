package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * One CloudWatch metric alarm as lamb wants it, in the fields PutMetricAlarm sets and DescribeAlarms answers, so that
 * what exists and what is wanted compare as values: equal means no write. Either one metric (metricName, statistic or
 * extendedStatistic, dimensions) or metric math ({@code queries}).
 */
record AlarmSpec(String name, String description, String namespace, String metricName, String statistic,
        String extendedStatistic, Map<String, String> dimensions, List<Query> queries, Integer period, int evaluationPeriods,
        int datapointsToAlarm, double threshold, String comparison, String treatMissingData, List<String> alarmActions,
        List<String> okActions) {

    /** One query of a metric-math alarm: a metric's statistic ({@code metricName} set), or an expression. */
    record Query(String id, String namespace, String metricName, Map<String, String> dimensions, Integer period, String stat,
            String expression, boolean returnData) {
        Query {
            dimensions = new TreeMap<>(dimensions);
        }

        /** Component by component, as a record's own equals; written out for the reason AlarmSpec's is. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Query q && Objects.equals(id, q.id) && Objects.equals(namespace, q.namespace)
                    && Objects.equals(metricName, q.metricName) && dimensions.equals(q.dimensions) && Objects.equals(period, q.period)
                    && Objects.equals(stat, q.stat) && Objects.equals(expression, q.expression) && returnData == q.returnData;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, namespace, metricName, dimensions, period, stat, expression, returnData);
        }

        static Query of(MetricDataQuery q) {
            boolean metric = q.metricStat() != null && q.metricStat().metric() != null;
            return new Query(q.id(), metric ? q.metricStat().metric().namespace() : null,
                    metric ? q.metricStat().metric().metricName() : null,
                    metric ? AlarmSpec.dimensions(q.metricStat().metric().dimensions()) : Map.of(),
                    q.metricStat() == null ? null : q.metricStat().period(), q.metricStat() == null ? null : q.metricStat().stat(),
                    q.expression(), !Boolean.FALSE.equals(q.returnData()));
        }

        MetricDataQuery toSdk() {
            MetricDataQuery.Builder b = MetricDataQuery.builder().id(id).returnData(returnData);
            if (expression != null) {
                return b.expression(expression).build();
            }
            return b.metricStat(s -> s.period(period).stat(stat)
                    .metric(m -> m.namespace(namespace).metricName(metricName).dimensions(sdkDimensions(dimensions)))).build();
        }
    }

    AlarmSpec {
        dimensions = new TreeMap<>(dimensions);
        queries = List.copyOf(queries);
        alarmActions = List.copyOf(alarmActions);
        okActions = List.copyOf(okActions);
    }

    /**
     * Component by component, as a record's own equals compares (the threshold by Double.compare). Written out because the
     * generated one is linked at its first call by ObjectMethods' bootstrap, which spins some twenty method-handle classes:
     * CPU on every deploy's main thread right after its reads, for the one record a deploy compares.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof AlarmSpec a && Objects.equals(name, a.name) && Objects.equals(description, a.description)
                && Objects.equals(namespace, a.namespace) && Objects.equals(metricName, a.metricName)
                && Objects.equals(statistic, a.statistic) && Objects.equals(extendedStatistic, a.extendedStatistic)
                && dimensions.equals(a.dimensions) && queries.equals(a.queries) && Objects.equals(period, a.period)
                && evaluationPeriods == a.evaluationPeriods && datapointsToAlarm == a.datapointsToAlarm
                && Double.compare(threshold, a.threshold) == 0 && Objects.equals(comparison, a.comparison)
                && Objects.equals(treatMissingData, a.treatMissingData) && alarmActions.equals(a.alarmActions)
                && okActions.equals(a.okActions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, namespace, metricName, statistic, extendedStatistic, dimensions, queries, period,
                evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData, alarmActions, okActions);
    }

    /**
     * What DescribeAlarms answered, in the same terms: absent lists as empty, absent ReturnData as true (its default), and
     * for metric math no single metric's fields, which PutMetricAlarm refuses beside Metrics (an endpoint may still echo them).
     */
    static AlarmSpec of(MetricAlarm found) {
        boolean math = !found.metrics().isEmpty();
        return new AlarmSpec(found.alarmName(), found.alarmDescription(), math ? null : found.namespace(),
                math ? null : found.metricName(), math ? null : found.statisticAsString(), math ? null : found.extendedStatistic(),
                math ? Map.of() : dimensions(found.dimensions()), found.metrics().stream().map(Query::of).toList(),
                math ? null : found.period(), found.evaluationPeriods() == null ? 0 : found.evaluationPeriods(),
                found.datapointsToAlarm() == null ? 0 : found.datapointsToAlarm(),
                found.threshold() == null ? Double.NaN : found.threshold(), found.comparisonOperatorAsString(),
                found.treatMissingData(), found.alarmActions(), found.okActions());
    }

    /** The PutMetricAlarm that makes it, or makes an existing one of its name this (tags apply to a new alarm only). */
    PutMetricAlarmRequest toRequest(Map<String, String> tags) {
        PutMetricAlarmRequest.Builder b = PutMetricAlarmRequest.builder().alarmName(name).alarmDescription(description)
                .evaluationPeriods(evaluationPeriods).datapointsToAlarm(datapointsToAlarm).threshold(threshold)
                .comparisonOperator(comparison).treatMissingData(treatMissingData).actionsEnabled(true)
                .alarmActions(alarmActions).okActions(okActions)
                .tags(sdkTags(tags));
        if (!queries.isEmpty()) {
            return b.metrics(queries.stream().map(Query::toSdk).toList()).build();
        }
        return b.namespace(namespace).metricName(metricName).statistic(statistic).extendedStatistic(extendedStatistic)
                .dimensions(sdkDimensions(dimensions)).period(period).build();
    }

    /** What differs from {@code found}, as "threshold 1 -> 5, notify"; empty when nothing does. */
    List<String> differences(AlarmSpec found) {
        List<String> diff = new ArrayList<>();
        if (Double.compare(threshold, found.threshold) != 0) {
            diff.add("threshold " + number(found.threshold) + " -> " + number(threshold));
        }
        if (!alarmActions.equals(found.alarmActions) || !okActions.equals(found.okActions)) {
            diff.add("notify");
        }
        // The description says the threshold: it follows it, and is named only when nothing else differs.
        AlarmSpec rest = new AlarmSpec(name, found.description, namespace, metricName, statistic, extendedStatistic, dimensions, queries,
                period, evaluationPeriods, datapointsToAlarm, found.threshold, comparison, treatMissingData, found.alarmActions,
                found.okActions);
        if (!rest.equals(found)) {
            diff.add("definition");
        }
        if (diff.isEmpty() && !Objects.equals(description, found.description)) {
            diff.add("description");
        }
        return diff;
    }

    /** A threshold as a person writes it: 24000, 2.4. */
    static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static Map<String, String> dimensions(List<Dimension> dimensions) {
        Map<String, String> map = new TreeMap<>();
        dimensions.forEach(d -> map.put(d.name(), d.value()));
        return map;
    }

    static List<Tag> sdkTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    private static List<Dimension> sdkDimensions(Map<String, String> dimensions) {
        return dimensions.entrySet().stream().map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList();
    }
}
