package dev.lamb.local.cloud.cloudwatch;

import java.util.List;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * What PutMetricAlarm sets, checked as CloudWatch checks it: one metric ({@code metric}, from MetricName, Namespace,
 * Dimensions, Statistic or ExtendedStatistic, Period, Unit) or metric math ({@code metrics}, the MetricDataQuery list,
 * exactly one returning data); the optional members null when not given. Anomaly-detection bands (ThresholdMetricId)
 * are not served.
 */
record AlarmDefinition(String description, boolean actionsEnabled, List<String> okActions, List<String> alarmActions,
        List<String> insufficientDataActions, MetricStat metric, List<MetricDataQuery> metrics, int evaluationPeriods,
        Integer datapointsToAlarm, double threshold, ComparisonOperator comparison, MissingData treatMissingData,
        String evaluateLowSampleCountPercentile) {
    private static final int MAX_ACTIONS = 5;
    private static final int MAX_METRICS = 10;
    private static final int ONE_DAY = 86_400;
    private static final int MIN_PERIOD = 10;
    private static final List<String> STANDARD_STATISTICS = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

    /** The definition PutMetricAlarm's members (or an alarm the store kept, which has the same names) give. */
    static AlarmDefinition parse(CloudWatchInput in) {
        String description = in.text("AlarmDescription").orElse(null);
        if (description != null && description.length() > 1024) {
            throw CloudWatchErrors.invalid("The parameter AlarmDescription must be at most 1024 characters long.");
        }
        if (in.has("ThresholdMetricId") || in.has("EvaluationCriteria")) {
            throw AwsServiceException.notImplemented("CloudWatch", "anomaly detection and PromQL alarms (ThresholdMetricId, EvaluationCriteria)");
        }
        List<MetricDataQuery> metrics = in.list("Metrics").isEmpty() ? null : metrics(in);
        boolean single = in.has("MetricName") || in.has("Namespace") || in.has("Statistic") || in.has("ExtendedStatistic")
                || in.has("Dimensions") || in.has("Period") || in.has("Unit");
        if (metrics != null && single) {
            throw CloudWatchErrors.combination("Metrics may not be given with MetricName, Namespace, Dimensions, Statistic, "
                    + "ExtendedStatistic, Period or Unit: an alarm watches one metric or one metric math expression.");
        }
        MetricStat metric = metrics == null ? metric(in) : null;
        int evaluationPeriods = in.integer("EvaluationPeriods").orElseThrow(() -> CloudWatchErrors.missing("EvaluationPeriods"));
        if (evaluationPeriods < 1) {
            throw CloudWatchErrors.invalidValue(String.valueOf(evaluationPeriods), "EvaluationPeriods");
        }
        Integer datapoints = in.integer("DatapointsToAlarm").orElse(null);
        if (datapoints != null && (datapoints < 1 || datapoints > evaluationPeriods)) {
            throw CloudWatchErrors.invalid("DatapointsToAlarm (" + datapoints + ") must be at least 1 and at most EvaluationPeriods ("
                    + evaluationPeriods + ").");
        }
        int period = metric != null ? metric.period() : period(metrics);
        if ((long) period * evaluationPeriods > ONE_DAY && period >= 60) {
            throw CloudWatchErrors.invalid("The product of Period and EvaluationPeriods must not exceed one day (86400 seconds).");
        }
        String operator = in.requiredText("ComparisonOperator");
        ComparisonOperator comparison = ComparisonOperator.named(operator).orElseThrow(() -> operator.contains("Lower")
                || operator.contains("Upper") ? AwsServiceException.notImplemented("CloudWatch", "anomaly detection alarms (" + operator + ")")
                : CloudWatchErrors.invalidValue(operator, "ComparisonOperator"));
        double threshold = in.number("Threshold").orElseThrow(() -> CloudWatchErrors.missing("Threshold"));
        MissingData missing = in.text("TreatMissingData").map(t -> MissingData.named(t)
                .orElseThrow(() -> CloudWatchErrors.invalidValue(t, "TreatMissingData"))).orElse(null);
        String lowSample = in.text("EvaluateLowSampleCountPercentile").orElse(null);
        if (lowSample != null && !lowSample.equals("evaluate") && !lowSample.equals("ignore")) {
            throw CloudWatchErrors.invalidValue(lowSample, "EvaluateLowSampleCountPercentile");
        }
        return new AlarmDefinition(description, in.bool("ActionsEnabled").orElse(true), actions(in, "OKActions"),
                actions(in, "AlarmActions"), actions(in, "InsufficientDataActions"), metric, metrics, evaluationPeriods, datapoints,
                threshold, comparison, missing, lowSample);
    }

    private static MetricStat metric(CloudWatchInput in) {
        Metric metric = MetricStat.metric(in);
        String statistic = in.text("Statistic").orElse(null);
        String extended = in.text("ExtendedStatistic").orElse(null);
        if (statistic != null && extended != null) {
            throw CloudWatchErrors.combination("Statistic and ExtendedStatistic may not both be given.");
        }
        if (statistic == null && extended == null) {
            throw CloudWatchErrors.missing("Statistic or ExtendedStatistic");
        }
        if (statistic != null && !STANDARD_STATISTICS.contains(statistic)) {
            throw CloudWatchErrors.invalidValue(statistic, "Statistic");
        }
        Statistic stat = Statistic.parse(statistic != null ? statistic : extended, statistic != null ? "Statistic" : "ExtendedStatistic");
        if (statistic == null && !stat.isPercentile()) {
            throw CloudWatchErrors.invalidValue(extended, "ExtendedStatistic");
        }
        int period = in.integer("Period").orElseThrow(() -> CloudWatchErrors.missing("Period"));
        MetricStat.checkPeriod(period, "Period");
        return new MetricStat(metric, period, stat, MetricStat.unit(in));
    }

    private static List<MetricDataQuery> metrics(CloudWatchInput in) {
        List<MetricDataQuery> queries = in.list("Metrics").stream().map(MetricDataQuery::parse).toList();
        if (queries.size() > MAX_METRICS) {
            throw CloudWatchErrors.invalid("The collection Metrics must not have a size greater than " + MAX_METRICS + ".");
        }
        if (queries.stream().filter(MetricDataQuery::returnData).count() != 1) {
            throw CloudWatchErrors.invalid("Exactly one element of the metrics list should return data.");
        }
        return queries;
    }

    /** The period of an alarm's metric math: its expression's own, else the shortest of its metrics'. */
    private static int period(List<MetricDataQuery> metrics) {
        return metrics.stream().filter(MetricDataQuery::returnData).map(MetricDataQuery::period).filter(p -> p != null).findFirst()
                .orElseGet(() -> metrics.stream().filter(q -> q.metricStat() != null).mapToInt(q -> q.metricStat().period()).min()
                        .orElseThrow(() -> CloudWatchErrors.invalid("The metric math of an alarm needs a period: give a MetricStat one.")));
    }

    private static List<String> actions(CloudWatchInput in, String member) {
        List<String> actions = in.texts(member);
        if (actions.size() > MAX_ACTIONS) {
            throw CloudWatchErrors.invalid("The collection " + member + " must not have a size greater than " + MAX_ACTIONS + ".");
        }
        for (String action : actions) {
            if (!action.startsWith("arn:") || action.split(":", -1).length < 6) {
                throw CloudWatchErrors.invalid("Invalid arn syntax: " + action);
            }
        }
        return List.copyOf(actions);
    }

    /**
     * Refuses periods of 1 and 5 s: alarms take fewer periods than metrics do (PutMetricAlarm's Period in the model: 10,
     * 20, 30 or a multiple of 60). Checked as an alarm is put, not as the store reads back one an older cloud kept.
     */
    AlarmDefinition requireAlarmPeriods() {
        boolean tooShort = metric != null ? metric.period() < MIN_PERIOD
                : metrics.stream().anyMatch(q -> q.metricStat() != null && q.metricStat().period() < MIN_PERIOD);
        if (tooShort) {
            throw CloudWatchErrors.invalid("The parameter Period of an alarm must be 10, 20, 30, or any multiple of 60.");
        }
        return this;
    }

    AlarmRule rule() {
        return new AlarmRule(comparison, threshold, evaluationPeriods, datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm,
                treatMissingData == null ? MissingData.MISSING : treatMissingData);
    }

    /** The period each datapoint covers. */
    int period() {
        return metric != null ? metric.period() : period(metrics);
    }

    /** What GetMetricData is asked for the alarm's datapoints: its metric as one query, or its metric math. */
    List<MetricDataQuery> queries() {
        return metric != null ? List.of(new MetricDataQuery("m1", metric, null, null, true, null)) : metrics;
    }

    /** The actions for a transition to {@code state}. */
    List<String> actionsFor(StateValue state) {
        return switch (state) {
            case OK -> okActions;
            case ALARM -> alarmActions;
            case INSUFFICIENT_DATA -> insufficientDataActions;
        };
    }

    AlarmDefinition withActionsEnabled(boolean enabled) {
        return new AlarmDefinition(description, enabled, okActions, alarmActions, insufficientDataActions, metric, metrics,
                evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData, evaluateLowSampleCountPercentile);
    }
}
