package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One metric alarm of a region: what PutMetricAlarm set, its state, and its tags (in the order they were given).
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
        return new MetricAlarm(name, arn, definition, configurationUpdated, status, Collections.unmodifiableMap(new LinkedHashMap<>(newTags)));
    }

    MetricAlarm withActionsEnabled(boolean enabled) {
        return new MetricAlarm(name, arn, definition.withActionsEnabled(enabled), configurationUpdated, status, tags);
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
