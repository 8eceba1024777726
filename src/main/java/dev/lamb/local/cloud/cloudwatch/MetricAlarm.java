package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One metric alarm of a region: what PutMetricAlarm set, its state, and its tags.
 *
 * @param configurationUpdated when PutMetricAlarm last set the definition (AlarmConfigurationUpdatedTimestamp)
 */
record MetricAlarm(String name, String arn, AlarmDefinition definition, Instant configurationUpdated, AlarmStatus status,
        Map<String, String> tags) {

    MetricAlarm withStatus(AlarmStatus newStatus) {
        return new MetricAlarm(name, arn, definition, configurationUpdated, newStatus, tags);
    }

    MetricAlarm withDefinition(AlarmDefinition newDefinition, Instant at) {
        return new MetricAlarm(name, arn, newDefinition, at, status, tags);
    }

    MetricAlarm withTags(Map<String, String> newTags) {
        return new MetricAlarm(name, arn, definition, configurationUpdated, status, Map.copyOf(newTags));
    }

    MetricAlarm withActionsEnabled(boolean enabled) {
        return new MetricAlarm(name, arn, definition.withActionsEnabled(enabled), configurationUpdated, status, tags);
    }

    /** The alarm's ARN, as CloudWatch's model gives its format: arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME. */
    static String arn(String region, String account, String name) {
        return "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + name;
    }

    /** A metric's dimension. */
    record Dimension(String name, String value) {}

    /** The one metric of an alarm that names it (MetricName, Namespace, Dimensions, a statistic, a period). */
    record SingleMetric(String namespace, String metricName, List<Dimension> dimensions, String statistic, String extendedStatistic,
            int period, String unit) {
        /** The statistic as GetMetricData names it: the standard one, else the extended one (p99). */
        String stat() {
            return statistic != null ? statistic : extendedStatistic;
        }
    }

    /**
     * What PutMetricAlarm set, as given: one metric ({@code metric}), or metric math ({@code metrics}, the
     * MetricDataQuery list in the JSON protocol's form); the optional members null when not given.
     */
    record AlarmDefinition(String description, boolean actionsEnabled, List<String> okActions, List<String> alarmActions,
            List<String> insufficientDataActions, SingleMetric metric, JsonNode metrics, int evaluationPeriods,
            Integer datapointsToAlarm, double threshold, ComparisonOperator comparison, MissingData treatMissingData,
            String evaluateLowSampleCountPercentile) {

        AlarmRule rule() {
            return new AlarmRule(comparison, threshold, evaluationPeriods, datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm,
                    treatMissingData == null ? MissingData.MISSING : treatMissingData);
        }

        /** The period each datapoint covers: the metric's, or the period of the metric math's queries. */
        int period() {
            if (metric != null) {
                return metric.period();
            }
            for (JsonNode query : metrics) {
                if (query.hasNonNull("Period")) {
                    return query.get("Period").asInt();
                }
                if (query.path("MetricStat").hasNonNull("Period")) {
                    return query.path("MetricStat").get("Period").asInt();
                }
            }
            return 60;
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

    /**
     * The alarm's state: StateValue, StateReason, StateReasonData (JSON text, or null), StateUpdatedTimestamp, and
     * StateTransitionedTimestamp (the last change of the value itself).
     */
    record AlarmStatus(StateValue value, String reason, String reasonData, Instant updated, Instant transitioned) {
        /** A new alarm's state, as CloudWatch gives it before the first evaluation. */
        static AlarmStatus initial(Instant at) {
            return new AlarmStatus(StateValue.INSUFFICIENT_DATA, "Unchecked: Initial alarm creation", null, at, at);
        }

        AlarmStatus next(StateValue newValue, String newReason, String newReasonData, Instant at) {
            return new AlarmStatus(newValue, newReason, newReasonData, at, newValue == value ? transitioned : at);
        }
    }
}
