package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.PageAfter;
import dev.lamb.local.cloud.cloudwatch.MetricAlarm.AlarmStatus;

/**
 * CloudWatch's metric alarm operations: PutMetricAlarm, DescribeAlarms, DeleteAlarms, SetAlarmState,
 * DescribeAlarmHistory, Enable/DisableAlarmActions, and tags on alarms (TagResource, UntagResource,
 * ListTagsForResource), with the limits and errors of the API reference (2010-08-01) and the botocore model's shapes.
 * The local cloud has metric alarms only: composite alarms are listed as none.
 */
final class AlarmOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALARMS_TAG = "alarms:";
    private static final String HISTORY_TAG = "history:";
    private static final int MAX_NAME = 255;
    private static final int MAX_NAMES = 100;
    private static final int MAX_RECORDS = 100;
    private static final int DEFAULT_ALARM_RECORDS = 50;
    private static final int MAX_TAGS = 50;
    private static final Set<String> HISTORY_TYPES = Set.of(AlarmHistoryItem.CONFIGURATION_UPDATE, AlarmHistoryItem.STATE_UPDATE,
            AlarmHistoryItem.ACTION, "AlarmContributorStateUpdate", "AlarmContributorAction");

    private AlarmOperations() {}

    static ObjectNode putMetricAlarm(CloudWatchService cw, CloudWatchInput in) {
        String name = name(in.requiredText("AlarmName"), "AlarmName");
        AlarmDefinition definition = AlarmDefinition.parse(in).requireAlarmPeriods();
        Map<String, String> tags = tags(in);
        Instant now = cw.now();
        // Metric math is checked as it is put (ids it names, its syntax), as CloudWatch refuses a bad expression then,
        // not at each evaluation.
        cw.queries().run(definition.queries(), now.minusSeconds(definition.period()), now);
        AlarmStore store = cw.alarmStore();
        synchronized (store) {
            Optional<MetricAlarm> existing = store.get(name);
            if (existing.isPresent()) {
                // An update keeps the alarm's state and tags: the reference says tags given to an update are ignored.
                MetricAlarm updated = existing.get().withDefinition(definition, now);
                store.put(updated, List.of(AlarmHistory.updated(existing.get(), updated, now)));
            } else {
                MetricAlarm created = new MetricAlarm(name, cw.alarmArn(name), definition, now, AlarmStatus.initial(now),
                        Map.of()).withTags(tags);
                store.put(created, List.of(AlarmHistory.created(created, now)));
            }
        }
        cw.alarmEvaluator().start();
        return null;
    }

    static ObjectNode describeAlarms(CloudWatchService cw, CloudWatchInput in) {
        List<String> names = in.texts("AlarmNames");
        Optional<String> prefix = in.text("AlarmNamePrefix");
        if (!names.isEmpty() && prefix.isPresent()) {
            throw CloudWatchErrors.combination("AlarmNames and AlarmNamePrefix may not both be given.");
        }
        if (names.size() > MAX_NAMES) {
            throw CloudWatchErrors.invalid("The collection AlarmNames must not have a size greater than " + MAX_NAMES + ".");
        }
        Optional<StateValue> state = in.text("StateValue").map(s -> state(s, "StateValue"));
        Optional<String> actionPrefix = in.text("ActionPrefix");
        List<String> types = in.texts("AlarmTypes");
        boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
        // Composite alarms have children and parents; a metric alarm has neither, and the local cloud has no composite ones.
        boolean family = in.has("ChildrenOfAlarmName") || in.has("ParentsOfAlarmName");
        Predicate<MetricAlarm> wanted = a -> (names.isEmpty() || names.contains(a.name()))
                && prefix.map(a.name()::startsWith).orElse(true)
                && state.map(s -> a.status().value() == s).orElse(true)
                && actionPrefix.map(p -> actions(a).stream().anyMatch(x -> x.startsWith(p))).orElse(true);
        List<MetricAlarm> matching = metricAlarms && !family ? cw.alarmStore().all().stream().filter(wanted).toList() : List.of();
        PageAfter.Page<MetricAlarm> page = PageAfter.page(ALARMS_TAG, matching, MetricAlarm::name, in.text("NextToken").orElse(null),
                maxRecords(in, DEFAULT_ALARM_RECORDS), CloudWatchErrors::invalidNextToken);
        ObjectNode out = NODES.objectNode();
        if (types.contains("CompositeAlarm")) {
            out.putArray("CompositeAlarms");
        }
        ArrayNode alarms = out.putArray("MetricAlarms");
        page.items().forEach(a -> alarms.add(AlarmJson.metricAlarm(a, CloudWatchProtocol::timestamp)));
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    /**
     * The metric alarms on one metric (its namespace, name and all its dimensions), narrowed by Statistic or
     * ExtendedStatistic, Period and Unit when given. As the reference says, alarms on metric math that uses the metric
     * are not among them; the answer is one list, with no NextToken.
     */
    static ObjectNode describeAlarmsForMetric(CloudWatchService cw, CloudWatchInput in) {
        Metric metric = MetricStat.metric(in);
        Optional<String> statistic = in.text("Statistic").map(s -> Statistic.parse(s, "Statistic").name());
        Optional<String> extended = in.text("ExtendedStatistic").map(s -> Statistic.parse(s, "ExtendedStatistic").name());
        Optional<Integer> period = in.integer("Period");
        period.ifPresent(p -> MetricStat.checkPeriod(p, "Period"));
        Optional<String> unit = Optional.ofNullable(MetricStat.unit(in));
        Predicate<MetricStat> wanted = m -> m.metric().equals(metric)
                && statistic.or(() -> extended).map(m.stat().name()::equals).orElse(true)
                && period.map(p -> m.period() == p).orElse(true)
                && unit.map(u -> u.equals(m.unit())).orElse(true);
        ObjectNode out = NODES.objectNode();
        ArrayNode alarms = out.putArray("MetricAlarms");
        cw.alarmStore().all().stream().filter(a -> a.definition().metric() != null && wanted.test(a.definition().metric()))
                .forEach(a -> alarms.add(AlarmJson.metricAlarm(a, CloudWatchProtocol::timestamp)));
        return out;
    }

    /**
     * Deletes the alarms named that are there. A name of no alarm is passed over: the reference says "if you specify any
     * incorrect alarm names, the alarms you specify with correct names are still deleted", and DescribeAlarms is how to
     * confirm what went.
     */
    static ObjectNode deleteAlarms(CloudWatchService cw, CloudWatchInput in) {
        List<String> names = required(in, "AlarmNames");
        AlarmStore store = cw.alarmStore();
        Instant now = cw.now();
        synchronized (store) {
            List<String> present = names.stream().distinct().filter(n -> store.get(n).isPresent()).toList();
            List<AlarmHistoryItem> items = present.stream().map(n -> AlarmHistory.deleted(store.get(n).orElseThrow(), now)).toList();
            store.remove(present, items);
        }
        return null;
    }

    static ObjectNode setAlarmState(CloudWatchService cw, CloudWatchInput in) {
        String name = in.requiredText("AlarmName");
        StateValue value = state(in.requiredText("StateValue"), "StateValue");
        String reason = in.requiredText("StateReason");
        if (reason.length() > 1023) {
            throw CloudWatchErrors.invalid("The parameter StateReason must be at most 1023 characters long.");
        }
        String reasonData = in.text("StateReasonData").orElse(null);
        if (reasonData != null) {
            try {
                JSON.readTree(reasonData);
            } catch (JsonProcessingException e) {
                throw new AwsServiceException(400, "InvalidFormat", "StateReasonData is not valid JSON: " + e.getOriginalMessage());
            }
        }
        Instant now = cw.now();
        AlarmStore store = cw.alarmStore();
        synchronized (store) {
            MetricAlarm alarm = store.get(name).orElseThrow(() -> notFound(name));
            AlarmStatus next = alarm.status().next(value, reason, reasonData, now);
            store.update(name, a -> a.withStatus(next), AlarmHistory.stateChanged(alarm, alarm.status(), next));
        }
        return null;
    }

    static ObjectNode describeAlarmHistory(CloudWatchService cw, CloudWatchInput in) {
        Optional<String> name = in.text("AlarmName");
        Optional<String> type = in.text("HistoryItemType");
        type.filter(t -> !HISTORY_TYPES.contains(t)).ifPresent(t -> {
            throw CloudWatchErrors.invalidValue(t, "HistoryItemType");
        });
        Optional<Instant> start = in.instant("StartDate");
        Optional<Instant> end = in.instant("EndDate");
        String scanBy = in.text("ScanBy").orElse("TimestampDescending");
        if (!scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw CloudWatchErrors.invalidValue(scanBy, "ScanBy");
        }
        List<String> types = in.texts("AlarmTypes");
        boolean metricAlarms = types.isEmpty() || types.contains(AlarmHistoryItem.ALARM_TYPE);
        // Each item's key: its time, then its place in the history, so that items of one millisecond keep their order.
        List<AlarmHistoryItem> all = cw.alarmStore().history();
        List<Map.Entry<String, AlarmHistoryItem>> keyed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            AlarmHistoryItem item = all.get(i);
            boolean match = metricAlarms && name.map(item.alarmName()::equals).orElse(true) && type.map(item.type()::equals).orElse(true)
                    && start.map(s -> !item.timestamp().isBefore(s)).orElse(true) && end.map(e -> !item.timestamp().isAfter(e)).orElse(true);
            if (match) {
                keyed.add(Map.entry(String.format("%015d-%09d", item.timestamp().toEpochMilli(), i), item));
            }
        }
        Comparator<String> order = scanBy.equals("TimestampAscending") ? Comparator.naturalOrder() : Comparator.reverseOrder();
        PageAfter.Page<Map.Entry<String, AlarmHistoryItem>> page = PageAfter.page(HISTORY_TAG + scanBy + ":", keyed, Map.Entry::getKey,
                order, in.text("NextToken").orElse(null), maxRecords(in, MAX_RECORDS), CloudWatchErrors::invalidNextToken);
        ObjectNode out = NODES.objectNode();
        ArrayNode items = out.putArray("AlarmHistoryItems");
        page.items().forEach(e -> items.add(AlarmJson.historyItem(e.getValue(), CloudWatchProtocol::timestamp)));
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    static ObjectNode enableAlarmActions(CloudWatchService cw, CloudWatchInput in) {
        return actionsEnabled(cw, in, true);
    }

    static ObjectNode disableAlarmActions(CloudWatchService cw, CloudWatchInput in) {
        return actionsEnabled(cw, in, false);
    }

    /** Alarms named that are not there are passed over, as CloudWatch does. */
    private static ObjectNode actionsEnabled(CloudWatchService cw, CloudWatchInput in, boolean enabled) {
        for (String name : required(in, "AlarmNames")) {
            cw.alarmStore().update(name, a -> a.withActionsEnabled(enabled), List.of());
        }
        return null;
    }

    static ObjectNode tagResource(CloudWatchService cw, CloudWatchInput in) {
        alarmOf(cw, in);
        if (!in.has("Tags")) {
            throw CloudWatchErrors.missing("Tags");
        }
        Map<String, String> given = tags(in);
        AlarmStore store = cw.alarmStore();
        synchronized (store) {
            MetricAlarm alarm = alarmOf(cw, in);
            Map<String, String> tags = new LinkedHashMap<>(alarm.tags());
            tags.putAll(given);
            if (tags.size() > MAX_TAGS) {
                throw CloudWatchErrors.invalid("An alarm may have at most " + MAX_TAGS + " tags; this would give it " + tags.size() + ".");
            }
            store.update(alarm.name(), a -> a.withTags(tags), List.of());
        }
        return NODES.objectNode();
    }

    static ObjectNode untagResource(CloudWatchService cw, CloudWatchInput in) {
        alarmOf(cw, in);
        List<String> keys = required(in, "TagKeys");
        AlarmStore store = cw.alarmStore();
        synchronized (store) {
            MetricAlarm alarm = alarmOf(cw, in);
            Map<String, String> tags = new LinkedHashMap<>(alarm.tags());
            keys.forEach(tags::remove);
            store.update(alarm.name(), a -> a.withTags(tags), List.of());
        }
        return NODES.objectNode();
    }

    static ObjectNode listTagsForResource(CloudWatchService cw, CloudWatchInput in) {
        MetricAlarm alarm = alarmOf(cw, in);
        ObjectNode out = NODES.objectNode();
        AlarmJson.tags(out.putArray("Tags"), alarm.tags());
        return out;
    }

    /**
     * The alarm an ARN names in this region, as it is now: ResourceNotFoundException for any other ARN, as for an alarm
     * not there. A change must look it up again under the store's lock, so that an alarm deleted meanwhile is not found
     * rather than an internal error.
     */
    private static MetricAlarm alarmOf(CloudWatchService cw, CloudWatchInput in) {
        String arn = in.requiredText("ResourceARN");
        String prefix = cw.alarmArn("");
        return Optional.of(arn).filter(a -> a.startsWith(prefix)).flatMap(a -> cw.alarmStore().get(a.substring(prefix.length())))
                .orElseThrow(() -> new AwsServiceException(404, "ResourceNotFoundException", "The specified resource does not exist.")
                        .with("ResourceType", "alarm").with("ResourceId", arn));
    }

    /** The Tags member (Key, Value each), checked as the TagKey and TagValue shapes and AWS's reserved prefix say. */
    private static Map<String, String> tags(CloudWatchInput in) {
        Map<String, String> tags = AlarmJson.tags(in.list("Tags"));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > 128 || tag.getValue().length() > 256) {
                throw CloudWatchErrors.invalid("A tag's key must be 1 to 128 characters long and its value at most 256: " + tag.getKey());
            }
            if (tag.getKey().startsWith("aws:")) {
                throw CloudWatchErrors.invalid("Tag keys starting with 'aws:' are reserved for AWS's use: " + tag.getKey());
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw CloudWatchErrors.invalid("The collection Tags must not have a size greater than " + MAX_TAGS + ".");
        }
        return tags;
    }

    private static String name(String name, String member) {
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw CloudWatchErrors.invalid("The parameter " + member + " must be 1 to " + MAX_NAME
                    + " characters long, without control characters.");
        }
        return name;
    }

    private static List<String> required(CloudWatchInput in, String member) {
        List<String> values = in.texts(member);
        if (values.isEmpty()) {
            throw CloudWatchErrors.missing(member);
        }
        if (values.size() > MAX_NAMES) {
            throw CloudWatchErrors.invalid("The collection " + member + " must not have a size greater than " + MAX_NAMES + ".");
        }
        return values;
    }

    private static StateValue state(String value, String member) {
        try {
            return StateValue.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw CloudWatchErrors.invalidValue(value, member);
        }
    }

    private static int maxRecords(CloudWatchInput in, int otherwise) {
        int max = in.integer("MaxRecords").orElse(otherwise);
        if (max < 1 || max > MAX_RECORDS) {
            throw CloudWatchErrors.invalidValue(String.valueOf(max), "MaxRecords");
        }
        return max;
    }

    private static List<String> actions(MetricAlarm alarm) {
        List<String> all = new ArrayList<>(alarm.definition().okActions());
        all.addAll(alarm.definition().alarmActions());
        all.addAll(alarm.definition().insufficientDataActions());
        return all;
    }

    private static AwsServiceException notFound(String name) {
        return new AwsServiceException(404, "ResourceNotFound", "The alarm " + name + " does not exist.");
    }
}
