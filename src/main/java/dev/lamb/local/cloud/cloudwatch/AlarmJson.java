package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.lamb.local.cloud.cloudwatch.MetricAlarm.AlarmStatus;

/**
 * Alarms and their history items as the model's MetricAlarm and AlarmHistoryItem shapes: what DescribeAlarms and
 * DescribeAlarmHistory answer (timestamps as {@link CloudWatchProtocol#timestamp} nodes), and what the store keeps on
 * disk (timestamps in ISO 8601, the alarm's Tags added), read back by {@link #alarm} with PutMetricAlarm's own
 * parser, since a MetricAlarm has PutMetricAlarm's member names.
 */
final class AlarmJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Timestamps in JSON text CloudWatch writes (StateReasonData, HistoryData): 2026-12-07T00:56:44.123+0000. */
    static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    /** The timestamps of an alarm shown inside HistoryData. */
    static final Function<Instant, JsonNode> TEXT_TIMESTAMP = at -> TextNode.valueOf(TEXT_TIME.format(at));
    /** The stored form's timestamps: ISO 8601, exact (epoch seconds as a double would not read back to the same instant). */
    static final Function<Instant, JsonNode> STORED_TIME = at -> TextNode.valueOf(at.toString());

    private AlarmJson() {}

    /** The alarm as the MetricAlarm shape; optional members only when set, as CloudWatch answers. */
    static ObjectNode metricAlarm(MetricAlarm alarm, Function<Instant, JsonNode> time) {
        AlarmDefinition d = alarm.definition();
        ObjectNode out = NODES.objectNode();
        out.put("AlarmName", alarm.name());
        out.put("AlarmArn", alarm.arn());
        if (d.description() != null) {
            out.put("AlarmDescription", d.description());
        }
        out.set("AlarmConfigurationUpdatedTimestamp", time.apply(alarm.configurationUpdated()));
        out.put("ActionsEnabled", d.actionsEnabled());
        d.okActions().forEach(out.putArray("OKActions")::add);
        d.alarmActions().forEach(out.putArray("AlarmActions")::add);
        d.insufficientDataActions().forEach(out.putArray("InsufficientDataActions")::add);
        AlarmStatus s = alarm.status();
        out.put("StateValue", s.value().name());
        out.put("StateReason", s.reason());
        if (s.reasonData() != null) {
            out.put("StateReasonData", s.reasonData());
        }
        out.set("StateUpdatedTimestamp", time.apply(s.updated()));
        MetricStat m = d.metric();
        if (m != null) {
            out.put("MetricName", m.metric().name());
            out.put("Namespace", m.metric().namespace());
            out.put(m.stat().isPercentile() ? "ExtendedStatistic" : "Statistic", m.stat().name());
            dimensions(out.putArray("Dimensions"), m.metric().dimensions());
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
            ArrayNode metrics = out.putArray("Metrics");
            d.metrics().forEach(q -> metrics.add(query(q)));
        }
        out.set("StateTransitionedTimestamp", time.apply(s.transitioned()));
        return out;
    }

    /** A MetricDataQuery structure. */
    private static ObjectNode query(MetricDataQuery q) {
        ObjectNode out = NODES.objectNode().put("Id", q.id());
        if (q.metricStat() != null) {
            ObjectNode stat = out.putObject("MetricStat");
            ObjectNode metric = stat.putObject("Metric");
            metric.put("Namespace", q.metricStat().metric().namespace()).put("MetricName", q.metricStat().metric().name());
            dimensions(metric.putArray("Dimensions"), q.metricStat().metric().dimensions());
            stat.put("Period", q.metricStat().period()).put("Stat", q.metricStat().stat().name());
            if (q.metricStat().unit() != null) {
                stat.put("Unit", q.metricStat().unit());
            }
        }
        if (q.expression() != null) {
            out.put("Expression", q.expression());
        }
        if (q.label() != null) {
            out.put("Label", q.label());
        }
        out.put("ReturnData", q.returnData());
        if (q.period() != null) {
            out.put("Period", q.period());
        }
        return out;
    }

    private static void dimensions(ArrayNode out, Map<String, String> dimensions) {
        dimensions.forEach((name, value) -> out.addObject().put("Name", name).put("Value", value));
    }

    /** The alarm as the store keeps it: its MetricAlarm shape and its tags. */
    static ObjectNode stored(MetricAlarm alarm) {
        ObjectNode out = metricAlarm(alarm, STORED_TIME);
        tags(out.putArray("Tags"), alarm.tags());
        return out;
    }

    /** A TagList. */
    static void tags(ArrayNode out, Map<String, String> tags) {
        tags.forEach((k, v) -> out.addObject().put("Key", k).put("Value", v));
    }

    /** An alarm the store kept ({@link #stored}). */
    static MetricAlarm alarm(JsonNode stored) {
        CloudWatchInput in = new CloudWatchInput(stored);
        AlarmStatus s = new AlarmStatus(StateValue.valueOf(in.requiredText("StateValue")), in.requiredText("StateReason"),
                in.text("StateReasonData").orElse(null), in.requiredInstant("StateUpdatedTimestamp"),
                in.requiredInstant("StateTransitionedTimestamp"));
        return new MetricAlarm(in.requiredText("AlarmName"), in.requiredText("AlarmArn"), AlarmDefinition.parse(in),
                in.requiredInstant("AlarmConfigurationUpdatedTimestamp"), s, tags(in.list("Tags")));
    }

    /** Tags as a TagList gives them, in order. */
    static Map<String, String> tags(List<CloudWatchInput> list) {
        Map<String, String> tags = new LinkedHashMap<>();
        list.forEach(t -> tags.put(t.requiredText("Key"), t.requiredText("Value")));
        return tags;
    }

    /** A history item as the AlarmHistoryItem shape. */
    static ObjectNode historyItem(AlarmHistoryItem item, Function<Instant, JsonNode> time) {
        ObjectNode out = NODES.objectNode();
        out.put("AlarmName", item.alarmName());
        out.put("AlarmType", AlarmHistoryItem.ALARM_TYPE);
        out.set("Timestamp", time.apply(item.timestamp()));
        out.put("HistoryItemType", item.type());
        out.put("HistorySummary", item.summary());
        out.put("HistoryData", item.data());
        return out;
    }

    /** A history item the store kept (its AlarmHistoryItem shape). */
    static AlarmHistoryItem historyItem(JsonNode stored) {
        CloudWatchInput in = new CloudWatchInput(stored);
        return new AlarmHistoryItem(in.requiredText("AlarmName"), in.requiredInstant("Timestamp"), in.requiredText("HistoryItemType"),
                in.requiredText("HistorySummary"), in.requiredText("HistoryData"));
    }
}
