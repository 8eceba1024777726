package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.cloudwatch.MetricAlarm.AlarmStatus;

/**
 * The history items an alarm's changes make, with the summaries and the JSON data CloudWatch writes: a
 * ConfigurationUpdate for each create, update and delete; a StateUpdate for each state change; and an Action for each
 * action a transition runs while the alarm's actions are enabled.
 */
final class AlarmHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Why no action runs: the local cloud serves no SNS (nor Auto Scaling, EC2 or Systems Manager), so an action is
     * recorded as CloudWatch records one it could not deliver, and nothing is published.
     */
    static final String NOT_DELIVERED = "the local cloud serves no SNS, Auto Scaling, EC2 or Systems Manager: nothing was delivered";

    private AlarmHistory() {}

    static AlarmHistoryItem created(MetricAlarm alarm, Instant at) {
        ObjectNode data = JSON.createObjectNode().put("version", "1.0").put("type", "Create");
        data.set("createdAlarm", AlarmJson.metricAlarm(alarm, AlarmJson.TEXT_TIMESTAMP));
        return new AlarmHistoryItem(alarm.name(), at, AlarmHistoryItem.CONFIGURATION_UPDATE, "Alarm \"" + alarm.name() + "\" created",
                data.toString());
    }

    static AlarmHistoryItem updated(MetricAlarm before, MetricAlarm after, Instant at) {
        ObjectNode data = JSON.createObjectNode().put("version", "1.0").put("type", "Update");
        data.set("originalAlarm", AlarmJson.metricAlarm(before, AlarmJson.TEXT_TIMESTAMP));
        data.set("updatedAlarm", AlarmJson.metricAlarm(after, AlarmJson.TEXT_TIMESTAMP));
        return new AlarmHistoryItem(after.name(), at, AlarmHistoryItem.CONFIGURATION_UPDATE, "Alarm \"" + after.name() + "\" updated",
                data.toString());
    }

    static AlarmHistoryItem deleted(MetricAlarm alarm, Instant at) {
        ObjectNode data = JSON.createObjectNode().put("version", "1.0").put("type", "Delete");
        data.set("deletedAlarm", AlarmJson.metricAlarm(alarm, AlarmJson.TEXT_TIMESTAMP));
        return new AlarmHistoryItem(alarm.name(), at, AlarmHistoryItem.CONFIGURATION_UPDATE, "Alarm \"" + alarm.name() + "\" deleted",
                data.toString());
    }

    /** The items a change of state makes: its StateUpdate, then an Action per action of the new state (when enabled and changed). */
    static List<AlarmHistoryItem> stateChanged(MetricAlarm alarm, AlarmStatus before, AlarmStatus after) {
        ObjectNode data = JSON.createObjectNode().put("version", "1.0");
        data.putObject("oldState").put("stateValue", before.value().name()).put("stateReason", before.reason());
        ObjectNode newState = data.putObject("newState").put("stateValue", after.value().name()).put("stateReason", after.reason());
        if (after.reasonData() != null) {
            try {
                newState.set("stateReasonData", JSON.readTree(after.reasonData()));
            } catch (JsonProcessingException e) {
                newState.put("stateReasonData", after.reasonData());
            }
        }
        List<AlarmHistoryItem> items = new ArrayList<>();
        items.add(new AlarmHistoryItem(alarm.name(), after.updated(), AlarmHistoryItem.STATE_UPDATE,
                "Alarm updated from " + before.value() + " to " + after.value(), data.toString()));
        if (alarm.definition().actionsEnabled() && before.value() != after.value()) {
            for (String action : alarm.definition().actionsFor(after.value())) {
                ObjectNode actionData = JSON.createObjectNode().put("actionState", "Failed")
                        .put("stateUpdateTimestamp", after.updated().toEpochMilli()).put("notificationResource", action)
                        .put("error", NOT_DELIVERED);
                items.add(new AlarmHistoryItem(alarm.name(), after.updated(), AlarmHistoryItem.ACTION,
                        "Failed to execute action " + action + ". Received error: \"" + NOT_DELIVERED + "\"", actionData.toString()));
            }
        }
        return items;
    }
}
