package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.cloudwatch.MetricAlarm.AlarmDefinition;
import dev.lamb.local.cloud.cloudwatch.MetricAlarm.AlarmStatus;
import dev.lamb.local.cloud.cloudwatch.MetricAlarm.Dimension;
import dev.lamb.local.cloud.cloudwatch.MetricAlarm.SingleMetric;

/**
 * Alarms and their history items as the model's MetricAlarm and AlarmHistoryItem shapes, in the JSON protocol's form
 * (timestamps as epoch seconds): what DescribeAlarms and DescribeAlarmHistory answer, and what the store keeps on
 * disk (with the alarm's tags), read back by {@link #alarm}.
 */
final class AlarmJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String TAGS = "Tags";

    private AlarmJson() {}

    /** The alarm as the MetricAlarm shape; optional members only when set, as CloudWatch answers. */
    static ObjectNode metricAlarm(MetricAlarm alarm) {
        AlarmDefinition d = alarm.definition();
        ObjectNode out = NODES.objectNode();
        out.put("AlarmName", alarm.name());
        out.put("AlarmArn", alarm.arn());
        if (d.description() != null) {
            out.put("AlarmDescription", d.description());
        }
        out.put("AlarmConfigurationUpdatedTimestamp", seconds(alarm.configurationUpdated()));
        out.put("ActionsEnabled", d.actionsEnabled());
        strings(out.putArray("OKActions"), d.okActions());
        strings(out.putArray("AlarmActions"), d.alarmActions());
        strings(out.putArray("InsufficientDataActions"), d.insufficientDataActions());
        AlarmStatus s = alarm.status();
        out.put("StateValue", s.value().name());
        out.put("StateReason", s.reason());
        if (s.reasonData() != null) {
            out.put("StateReasonData", s.reasonData());
        }
        out.put("StateUpdatedTimestamp", seconds(s.updated()));
        SingleMetric m = d.metric();
        if (m != null) {
            out.put("MetricName", m.metricName());
            out.put("Namespace", m.namespace());
            if (m.statistic() != null) {
                out.put("Statistic", m.statistic());
            }
            if (m.extendedStatistic() != null) {
                out.put("ExtendedStatistic", m.extendedStatistic());
            }
            dimensions(out.putArray("Dimensions"), m.dimensions());
            out.put("Period", m.period());
            if (m.unit() != null) {
                out.put("Unit", m.unit());
            }
        }
        out.put("EvaluationPeriods", d.evaluationPeriods());
        if (d.datapointsToAlarm() != null) {
            out.put("DatapointsToAlarm", d.datapointsToAlarm());
        }
        out.put("Threshold", d.threshold());
        out.put("ComparisonOperator", d.comparison().wire());
        if (d.treatMissingData() != null) {
            out.put("TreatMissingData", d.treatMissingData().wire());
        }
        if (d.evaluateLowSampleCountPercentile() != null) {
            out.put("EvaluateLowSampleCountPercentile", d.evaluateLowSampleCountPercentile());
        }
        if (d.metrics() != null) {
            out.set("Metrics", d.metrics().deepCopy());
        }
        out.put("StateTransitionedTimestamp", seconds(s.transitioned()));
        return out;
    }

    /** The alarm as the store keeps it: its MetricAlarm shape and its tags. */
    static ObjectNode stored(MetricAlarm alarm) {
        ObjectNode out = metricAlarm(alarm);
        ObjectNode tags = out.putObject(TAGS);
        alarm.tags().forEach(tags::put);
        return out;
    }

    /** An alarm the store kept ({@link #stored}). */
    static MetricAlarm alarm(JsonNode n) {
        SingleMetric metric = null;
        if (n.hasNonNull("MetricName")) {
            List<Dimension> dims = new ArrayList<>();
            n.path("Dimensions").forEach(dim -> dims.add(new Dimension(dim.path("Name").asText(), dim.path("Value").asText())));
            metric = new SingleMetric(n.path("Namespace").asText(), n.path("MetricName").asText(), List.copyOf(dims),
                    text(n, "Statistic"), text(n, "ExtendedStatistic"), n.path("Period").asInt(), text(n, "Unit"));
        }
        AlarmDefinition d = new AlarmDefinition(text(n, "AlarmDescription"), n.path("ActionsEnabled").asBoolean(true),
                strings(n.path("OKActions")), strings(n.path("AlarmActions")), strings(n.path("InsufficientDataActions")), metric,
                n.hasNonNull("Metrics") ? n.get("Metrics") : null, n.path("EvaluationPeriods").asInt(),
                n.hasNonNull("DatapointsToAlarm") ? n.get("DatapointsToAlarm").asInt() : null, n.path("Threshold").asDouble(),
                ComparisonOperator.named(n.path("ComparisonOperator").asText()).orElseThrow(),
                MissingData.named(n.path("TreatMissingData").asText()).orElse(null), text(n, "EvaluateLowSampleCountPercentile"));
        AlarmStatus s = new AlarmStatus(StateValue.valueOf(n.path("StateValue").asText()), n.path("StateReason").asText(),
                text(n, "StateReasonData"), instant(n.get("StateUpdatedTimestamp")), instant(n.get("StateTransitionedTimestamp")));
        Map<String, String> tags = new LinkedHashMap<>();
        n.path(TAGS).fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new MetricAlarm(n.path("AlarmName").asText(), n.path("AlarmArn").asText(), d,
                instant(n.get("AlarmConfigurationUpdatedTimestamp")), s, tags);
    }

    /** A history item as the AlarmHistoryItem shape (also its line in the store's file). */
    static ObjectNode historyItem(AlarmHistoryItem item) {
        ObjectNode out = NODES.objectNode();
        out.put("AlarmName", item.alarmName());
        out.put("AlarmType", AlarmHistoryItem.ALARM_TYPE);
        out.put("Timestamp", seconds(item.timestamp()));
        out.put("HistoryItemType", item.type());
        out.put("HistorySummary", item.summary());
        out.put("HistoryData", item.data());
        return out;
    }

    static AlarmHistoryItem historyItem(JsonNode n) {
        return new AlarmHistoryItem(n.path("AlarmName").asText(), instant(n.get("Timestamp")), n.path("HistoryItemType").asText(),
                n.path("HistorySummary").asText(), n.path("HistoryData").asText());
    }

    /** The JSON protocol's timestamp: epoch seconds, to the millisecond. */
    static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }

    private static Instant instant(JsonNode seconds) {
        return Instant.ofEpochMilli(Math.round(seconds.asDouble() * 1000));
    }

    static void dimensions(ArrayNode out, List<Dimension> dimensions) {
        dimensions.forEach(dim -> out.addObject().put("Name", dim.name()).put("Value", dim.value()));
    }

    private static void strings(ArrayNode out, List<String> values) {
        values.forEach(out::add);
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String member) {
        return n.hasNonNull(member) ? n.get(member).asText() : null;
    }
}
