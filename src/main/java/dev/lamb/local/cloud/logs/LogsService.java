package dev.lamb.local.cloud.logs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsJsonService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.BodyLimit;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.Faults;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.PageAfter;
import dev.lamb.local.cloud.ValidationMessage;
import dev.lamb.local.cloud.lambda.LambdaInvocation;
import dev.lamb.local.cloud.logs.LogStore.Event;
import dev.lamb.local.cloud.logs.LogStore.Group;
import dev.lamb.local.cloud.logs.LogStore.Stream;

/**
 * The local CloudWatch Logs (awsJson1.1, target prefix {@code Logs_20140328}): log groups, streams and
 * events, filtering and pagination as AWS answers them, and every Lambda invocation's log lines filed
 * in {@code /aws/lambda/<function>} in the instance's stream.
 */
public final class LogsService extends AwsJsonService<LogsService.Handler> {
    static final String SERVICE = "CloudWatch Logs";
    static final String TARGET_PREFIX = "Logs_20140328.";
    static final String ACCOUNT = LocalAccount.ID;
    /** The largest PutLogEvents batch: its messages' UTF-8 bytes plus 26 bytes an event. */
    static final long MAX_BATCH = 1_048_576;
    private static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    private static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    // Each listing's tokens carry its own tag (PageAfter), so one listing's token is refused by another.
    private static final String GROUPS_TAG = "DescribeLogGroups\n";
    private static final String STREAMS_BY_NAME_TAG = "DescribeLogStreams LogStreamName\n";
    private static final String STREAMS_BY_TIME_TAG = "DescribeLogStreams LastEventTime\n";
    private static final String FILTER_TAG = "FilterLogEvents\n";
    /** The last event a FilterLogEvents page returned: timestamp:seq (untagged, the whole token of earlier versions). */
    private static final Pattern EVENT_KEY = Pattern.compile("(-?\\d+):(-?\\d+)");
    /** A DescribeLogStreams token of earlier versions: s:TIME:NAME. */
    private static final Pattern LEGACY_STREAM_TOKEN = Pattern.compile("s:(-?\\d+):([^:*]*)");
    private static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final long DAY_MS = 86_400_000L;
    private static final int MAX_TAGS = 50;
    private static final Pattern TAG_KEY = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$");
    private static final Pattern TAG_VALUE = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    private static final Duration LIVE_TAIL_POLL = Duration.ofSeconds(1);
    private static final Duration LIVE_TAIL_MAX = Duration.ofHours(3);
    private static final DateTimeFormatter STREAM_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final LogStore store;
    private final LongSupplier clock;
    private final ScheduledExecutorService retention;

    public LogsService(Path dataDir) {
        this(dataDir, System::currentTimeMillis);
    }

    private volatile Faults faults;

    LogsService(Path dataDir, LongSupplier clock) {
        super(OPERATIONS, "The request body is not valid JSON");
        this.store = new LogStore(dataDir);
        this.clock = clock;
        this.retention = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lamb-logs-retention");
            t.setDaemon(true);
            return t;
        });
        // Off the start path: the first sweep runs once the cloud serves, then hourly as events age.
        retention.scheduleWithFixedDelay(this::applyRetention, 10, 3600, TimeUnit.SECONDS);
    }

    /** Deletes from disk the events each group's retention no longer keeps (they are hidden from reads already). */
    void applyRetention() {
        List<Group> groups;
        synchronized (store) {
            groups = List.copyOf(store.groups.values());
        }
        for (Group group : groups) {
            synchronized (store) {
                if (group.retentionInDays != null && store.groups.get(group.name) == group) {
                    try {
                        store.applyRetention(group, retainedFrom(group));
                    } catch (RuntimeException e) {
                        // Left for the next sweep: expired events stay hidden from reads meanwhile.
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        retention.shutdownNow();
        synchronized (store) {
            store.closeOpenFile();
        }
    }

    @Override
    public String signingName() {
        return "logs";
    }

    /**
     * A PutLogEvents body past what a full batch can take as JSON (each message byte escaped at most as two,
     * plus each event's fields) cannot be a batch within the limit, and is refused unread as one too large.
     */
    @Override
    public BodyLimit bodyLimit(CloudRequest head) {
        String target = head.header("X-Amz-Target");
        return target != null && target.endsWith(".PutLogEvents")
                ? new BodyLimit(2L * MAX_BATCH + 10_000L * 64, LogsService::tooLarge) : BodyLimit.DEFAULT;
    }

    /** What each operation takes (the body's members, the request's region) and gives: a JSON answer, or a stream. */
    @FunctionalInterface
    interface Handler {
        Object run(LogsService logs, JsonNode body, String region);
    }

    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byTarget(SERVICE, TARGET_PREFIX)
            .add("CreateLogGroup", (logs, body, region) -> logs.createLogGroup(body))
            .add("DescribeLogGroups", LogsService::describeLogGroups)
            .add("DeleteLogGroup", (logs, body, region) -> logs.deleteLogGroup(body))
            .add("PutRetentionPolicy", (logs, body, region) -> logs.putRetentionPolicy(body))
            .add("DeleteRetentionPolicy", (logs, body, region) -> logs.deleteRetentionPolicy(body))
            .add("CreateLogStream", (logs, body, region) -> logs.createLogStream(body))
            .add("DescribeLogStreams", LogsService::describeLogStreams)
            .add("DeleteLogStream", (logs, body, region) -> logs.deleteLogStream(body))
            .add("PutLogEvents", (logs, body, region) -> logs.putLogEvents(body))
            .add("GetLogEvents", (logs, body, region) -> logs.getLogEvents(body))
            .add("FilterLogEvents", (logs, body, region) -> logs.filterLogEvents(body))
            .add("StartLiveTail", LogsService::startLiveTail)
            .add("ListTagsForResource", (logs, body, region) -> logs.listTagsForResource(body))
            .add("TagResource", (logs, body, region) -> logs.tagResource(body))
            .add("UntagResource", (logs, body, region) -> logs.untagResource(body))
            .add("TagLogGroup", (logs, body, region) -> logs.tagLogGroup(body))
            .add("UntagLogGroup", (logs, body, region) -> logs.untagLogGroup(body))
            .add("ListTagsLogGroup", (logs, body, region) -> logs.listTagsLogGroup(body))
            // The rest of the service model (botocore logs/2014-03-28): NotImplemented, naming the operation.
            .notServed(
            "AssociateKmsKey", "AssociateSourceToS3TableIntegration", "CancelExportTask", "CancelImportTask",
            "CreateDelivery", "CreateExportTask", "CreateImportTask", "CreateLogAnomalyDetector",
            "CreateLookupTable", "CreateScheduledQuery", "DeleteAccountPolicy", "DeleteDataProtectionPolicy",
            "DeleteDelivery", "DeleteDeliveryDestination", "DeleteDeliveryDestinationPolicy",
            "DeleteDeliverySource", "DeleteDestination", "DeleteIndexPolicy", "DeleteIntegration",
            "DeleteLogAnomalyDetector", "DeleteLookupTable", "DeleteMetricFilter", "DeleteQueryDefinition",
            "DeleteResourcePolicy", "DeleteScheduledQuery", "DeleteSubscriptionFilter", "DeleteTransformer",
            "DescribeAccountPolicies", "DescribeConfigurationTemplates", "DescribeDeliveries",
            "DescribeDeliveryDestinations", "DescribeDeliverySources", "DescribeDestinations",
            "DescribeExportTasks", "DescribeFieldIndexes", "DescribeImportTaskBatches", "DescribeImportTasks",
            "DescribeIndexPolicies", "DescribeLookupTables", "DescribeMetricFilters", "DescribeQueries",
            "DescribeQueryDefinitions", "DescribeResourcePolicies", "DescribeSubscriptionFilters",
            "DisassociateKmsKey", "DisassociateSourceFromS3TableIntegration", "GetDataProtectionPolicy",
            "GetDelivery", "GetDeliveryDestination", "GetDeliveryDestinationPolicy", "GetDeliverySource",
            "GetIntegration", "GetLogAnomalyDetector", "GetLogFields", "GetLogGroupFields", "GetLogObject",
            "GetLogRecord", "GetLookupTable", "GetQueryResults", "GetScheduledQuery",
            "GetScheduledQueryHistory", "GetTransformer", "ListAggregateLogGroupSummaries", "ListAnomalies",
            "ListIntegrations", "ListLogAnomalyDetectors", "ListLogGroups", "ListLogGroupsForQuery",
            "ListScheduledQueries", "ListSourcesForS3TableIntegration", "PutAccountPolicy",
            "PutBearerTokenAuthentication", "PutDataProtectionPolicy", "PutDeliveryDestination",
            "PutDeliveryDestinationPolicy", "PutDeliverySource", "PutDestination", "PutDestinationPolicy",
            "PutIndexPolicy", "PutIntegration", "PutLogGroupDeletionProtection", "PutMetricFilter",
            "PutQueryDefinition", "PutResourcePolicy", "PutSubscriptionFilter", "PutTransformer", "StartQuery",
            "StopQuery", "TestMetricFilter", "TestTransformer", "UpdateAnomaly", "UpdateDeliveryConfiguration",
            "UpdateLogAnomalyDetector", "UpdateLookupTable", "UpdateScheduledQuery")
            // An operation CloudWatch Logs does not have at all, as the service answers it.
            .unknownOperation(operation -> new AwsServiceException(400, "UnknownOperationException",
                    "Unknown operation " + TARGET_PREFIX + operation))
            .build();

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    protected Object run(Handler handler, JsonNode body, CloudRequest request) {
        return handler.run(this, body, region(request));
    }

    @Override
    protected List<IamAction> iamActions(String operation, JsonNode body, CloudRequest request) {
        return LogsIamActions.of(operation, body, region(request));
    }

    /** A live tail is an event stream that lasts while the client listens, not a JSON answer. */
    private CloudResponse startLiveTail(JsonNode body, String region) {
        LiveTailSession session = openLiveTail(body, region, LIVE_TAIL_POLL, LIVE_TAIL_MAX);
        return CloudResponse.streamed(200, LiveTailSession.CONTENT_TYPE, session::stream);
    }

    @Override
    public void useFaults(Faults faults) {
        this.faults = faults;
    }

    /** Files each log line of a finished invocation as one event of its group and instance stream. */
    public void record(LambdaInvocation inv) {
        if (inv == null || inv.result() == null || inv.logGroup() == null) {
            return;
        }
        List<String> lines = inv.result().logLines();
        long start = inv.started() == null ? clock.getAsLong() : inv.started().toEpochMilli();
        String streamName = inv.result().logStream();
        if (streamName == null || streamName.isEmpty()) {
            streamName = STREAM_DAY.format(Instant.ofEpochMilli(start)) + "/["
                    + (inv.executedVersion() == null ? "$LATEST" : inv.executedVersion()) + "]"
                    + UUID.randomUUID().toString().replace("-", "");
        }
        synchronized (store) {
            long now = clock.getAsLong();
            Group group = store.groups.get(inv.logGroup());
            if (group == null) {
                group = store.createGroup(inv.logGroup(), now, Map.of());
            }
            Stream stream = group.streams.get(streamName);
            if (stream == null) {
                stream = store.createStream(group, streamName, now);
            }
            if (lines == null || lines.isEmpty()) {
                return;
            }
            // Lines of one invocation get increasing timestamps, and never go before what the stream holds.
            long t = Math.max(start, stream.lastEventTimestamp == null ? start : stream.lastEventTimestamp);
            List<Event> events = new ArrayList<>();
            for (String line : lines) {
                String message = line.endsWith("\n") || isJsonRecord(line) ? line : line + "\n";
                events.add(new Event(t++, Math.max(now, t), store.nextSeq(), message));
            }
            // Not synced: an invocation's answer does not acknowledge its log lines, and a sync would slow every invoke.
            store.append(group, stream, events, false);
        }
    }

    private static boolean isJsonRecord(String line) {
        String s = line.strip();
        return s.startsWith("{") && s.endsWith("}");
    }

    // ---- operations ---------------------------------------------------------------------------

    private Object createLogGroup(JsonNode body) {
        String name = groupName(body, "logGroupName");
        synchronized (store) {
            if (store.groups.containsKey(name)) {
                throw new AwsServiceException(400, "ResourceAlreadyExistsException", "The specified log group already exists");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            JsonNode given = body.get("tags");
            if (given != null && given.isObject()) {
                given.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            }
            store.createGroup(name, clock.getAsLong(), tags);
        }
        return Map.of();
    }

    private Object describeLogGroups(JsonNode body, String region) {
        String prefix = text(body, "logGroupNamePrefix");
        String pattern = text(body, "logGroupNamePattern");
        if (prefix != null && pattern != null) {
            throw invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        int limit = limit(body, 50, 50);
        String after = keyAfter(GROUPS_TAG, text(body, "nextToken"), LogsService::legacyGroupKey);
        Set<String> identifiers = null;
        if (body.has("logGroupIdentifiers") && body.get("logGroupIdentifiers").isArray()) {
            identifiers = new HashSet<>();
            for (JsonNode id : body.get("logGroupIdentifiers")) {
                identifiers.add(nameOf(id.asText()));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        String next;
        synchronized (store) {
            List<Group> matching = new ArrayList<>();
            for (Group g : store.groups.values()) {
                if (prefix != null && !g.name.startsWith(prefix)) {
                    continue;
                }
                if (pattern != null && !g.name.toLowerCase().contains(pattern.toLowerCase())) {
                    continue;
                }
                if (identifiers == null || identifiers.contains(g.name)) {
                    matching.add(g);
                }
            }
            PageAfter.Page<Group> page = PageAfter.pageAfterKey(GROUPS_TAG, matching, g -> g.name, Comparator.naturalOrder(), after, limit);
            page.items().forEach(g -> out.add(describe(g, region)));
            next = page.next();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("logGroups", out);
        if (next != null) {
            result.put("nextToken", next);
        }
        return result;
    }

    private Map<String, Object> describe(Group g, String region) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logGroupName", g.name);
        m.put("creationTime", g.creationTime);
        if (g.retentionInDays != null) {
            m.put("retentionInDays", g.retentionInDays);
        }
        m.put("metricFilterCount", 0);
        m.put("arn", groupArn(region, g.name) + ":*");
        m.put("storedBytes", g.storedBytes());
        m.put("logGroupClass", "STANDARD");
        m.put("logGroupArn", groupArn(region, g.name));
        m.put("deletionProtectionEnabled", false);
        return m;
    }

    static String groupArn(String region, String name) {
        return "arn:aws:logs:" + region + ":" + ACCOUNT + ":log-group:" + name;
    }

    private Object deleteLogGroup(JsonNode body) {
        String name = required(body, "logGroupName");
        synchronized (store) {
            store.deleteGroup(group(name));
        }
        return Map.of();
    }

    /** Tags of a log group by its ARN (without the trailing :*), as the current tagging API reads them. */
    private Object listTagsForResource(JsonNode body) {
        return listTags(groupOfArn(body));
    }

    private Object tagResource(JsonNode body) {
        return tag(groupOfArn(body), body.get("tags"));
    }

    private Object untagResource(JsonNode body) {
        return untag(groupOfArn(body), body.get("tagKeys"), "tagKeys");
    }

    /** The older tagging API, by log group name (deprecated in the model, still served by AWS). */
    private Object listTagsLogGroup(JsonNode body) {
        return listTags(required(body, "logGroupName"));
    }

    private Object tagLogGroup(JsonNode body) {
        return tag(required(body, "logGroupName"), body.get("tags"));
    }

    private Object untagLogGroup(JsonNode body) {
        return untag(required(body, "logGroupName"), body.get("tags"), "tags");
    }

    private Object listTags(String groupName) {
        synchronized (store) {
            return Map.of("tags", new LinkedHashMap<>(group(groupName).tags));
        }
    }

    private Object tag(String groupName, JsonNode tags) {
        if (tags == null || !tags.isObject() || tags.isEmpty()) {
            throw invalid(ValidationMessage.mustNotBeNull("tags"));
        }
        Map<String, String> added = new LinkedHashMap<>();
        tags.fields().forEachRemaining(e -> added.put(e.getKey(), e.getValue().asText()));
        for (Map.Entry<String, String> e : added.entrySet()) {
            if (!TAG_KEY.matcher(e.getKey()).matches() || e.getKey().length() > 128) {
                throw invalid(ValidationMessage.of(e.getKey(), "tags", "Map keys must satisfy constraint: [Member must have length "
                        + "less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy "
                        + "regular expression pattern: " + TAG_KEY.pattern() + "]"));
            }
            if (!TAG_VALUE.matcher(e.getValue()).matches() || e.getValue().length() > 256) {
                throw invalid(ValidationMessage.of(e.getValue(), "tags", "Map value must satisfy constraint: [Member must have "
                        + "length less than or equal to 256, Member must satisfy regular expression pattern: " + TAG_VALUE.pattern() + "]"));
            }
        }
        synchronized (store) {
            Group group = group(groupName);
            Map<String, String> after = new LinkedHashMap<>(group.tags);
            after.putAll(added);
            if (after.size() > MAX_TAGS) {
                throw new AwsServiceException(400, "TooManyTagsException",
                        "A resource can have no more than " + MAX_TAGS + " tags: " + groupName + " would have " + after.size());
            }
            store.tag(group, added);
        }
        return Map.of();
    }

    private Object untag(String groupName, JsonNode keys, String member) {
        if (keys == null || !keys.isArray()) {
            throw invalid(ValidationMessage.mustNotBeNull(member));
        }
        List<String> removed = new ArrayList<>();
        keys.forEach(k -> removed.add(k.asText()));
        synchronized (store) {
            store.untag(group(groupName), removed);
        }
        return Map.of();
    }

    /**
     * The group a resourceArn names: a log group's ARN without the trailing :* (its logGroupArn). The form
     * with :* (its arn) is refused as AWS refuses it, 400 ValidationException "Invalid resourceArn".
     */
    private static String groupOfArn(JsonNode body) {
        String arn = required(body, "resourceArn");
        if (!arn.startsWith("arn:") || !arn.contains(":log-group:") || arn.endsWith(":*")) {
            throw new AwsServiceException(400, "ValidationException", "Invalid resourceArn");
        }
        return nameOf(arn);
    }

    private Object putRetentionPolicy(JsonNode body) {
        String name = required(body, "logGroupName");
        JsonNode days = body.get("retentionInDays");
        if (days == null || !days.canConvertToInt() || !RETENTION_DAYS.contains(days.asInt())) {
            throw invalid(ValidationMessage.of(days == null ? "null" : days.asText(), "retentionInDays",
                    "Member must satisfy enum value set: " + new TreeSet<>(RETENTION_DAYS)));
        }
        synchronized (store) {
            Group group = group(name);
            store.setRetention(group, days.asInt());
            store.applyRetention(group, retainedFrom(group));
        }
        return Map.of();
    }

    private Object deleteRetentionPolicy(JsonNode body) {
        String name = required(body, "logGroupName");
        synchronized (store) {
            store.setRetention(group(name), null);
        }
        return Map.of();
    }

    private Object createLogStream(JsonNode body) {
        String groupName = required(body, "logGroupName");
        String streamName = streamName(body);
        synchronized (store) {
            Group group = group(groupName);
            if (group.streams.containsKey(streamName)) {
                throw new AwsServiceException(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
            }
            store.createStream(group, streamName, clock.getAsLong());
        }
        return Map.of();
    }

    private Object deleteLogStream(JsonNode body) {
        String groupName = required(body, "logGroupName");
        String streamName = required(body, "logStreamName");
        synchronized (store) {
            Group group = group(groupName);
            Stream stream = group.streams.get(streamName);
            if (stream == null) {
                throw new AwsServiceException(400, "ResourceNotFoundException", "The specified log stream does not exist.");
            }
            store.deleteStream(group, stream);
        }
        return Map.of();
    }

    private Object describeLogStreams(JsonNode body, String region) {
        String groupName = groupOf(body);
        String prefix = text(body, "logStreamNamePrefix");
        String orderBy = text(body, "orderBy");
        boolean byTime = "LastEventTime".equals(orderBy);
        if (orderBy != null && !byTime && !"LogStreamName".equals(orderBy)) {
            throw invalid(ValidationMessage.of(orderBy, "orderBy", "Member must satisfy enum value set: [LastEventTime, LogStreamName]"));
        }
        if (byTime && prefix != null) {
            throw invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        boolean descending = body.path("descending").asBoolean(false);
        int limit = limit(body, 50, 50);
        String tag = byTime ? STREAMS_BY_TIME_TAG : STREAMS_BY_NAME_TAG;
        String after = keyAfter(tag, text(body, "nextToken"), old -> legacyStreamKey(old, byTime));
        Comparator<String> order = descending ? Comparator.<String>naturalOrder().reversed() : Comparator.naturalOrder();
        List<Map<String, Object>> out = new ArrayList<>();
        String next;
        synchronized (store) {
            Group group = group(groupName);
            List<Stream> streams = new ArrayList<>();
            for (Stream s : group.streams.values()) {
                if (prefix == null || s.name.startsWith(prefix)) {
                    streams.add(s);
                }
            }
            PageAfter.Page<Stream> page = PageAfter.pageAfterKey(tag, streams,
                    s -> byTime ? streamTimeKey(s.lastEventTimestamp == null ? s.creationTime : s.lastEventTimestamp, s.name) : s.name,
                    order, after, limit);
            page.items().forEach(s -> out.add(describe(group, s, region)));
            next = page.next();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("logStreams", out);
        if (next != null) {
            result.put("nextToken", next);
        }
        return result;
    }

    /** A stream's place when ordered by LastEventTime: its time, fixed-width so that keys sort as times, then its name. */
    private static String streamTimeKey(long time, String name) {
        return String.format(Locale.ROOT, "%020d %s", time, name);
    }

    /** A DescribeLogStreams token of versions before tags: s:TIME:NAME (TIME 0 when ordered by name). */
    private static Optional<String> legacyStreamKey(String old, boolean byTime) {
        Matcher m = LEGACY_STREAM_TOKEN.matcher(old);
        return m.matches() ? Optional.of(byTime ? streamTimeKey(Long.parseLong(m.group(1)), m.group(2)) : m.group(2)) : Optional.empty();
    }

    /** A DescribeLogGroups token of versions before tags: the last group's name. */
    private static Optional<String> legacyGroupKey(String old) {
        return GROUP_NAME.matcher(old).matches() ? Optional.of(old) : Optional.empty();
    }

    private Map<String, Object> describe(Group g, Stream s, String region) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logStreamName", s.name);
        m.put("creationTime", s.creationTime);
        if (s.hasEvents()) {
            m.put("firstEventTimestamp", s.firstEventTimestamp);
            m.put("lastEventTimestamp", s.lastEventTimestamp);
            m.put("lastIngestionTime", s.lastIngestionTime);
        }
        m.put("uploadSequenceToken", sequenceToken(s.uploadSequence));
        m.put("arn", groupArn(region, g.name) + ":log-stream:" + s.name);
        m.put("storedBytes", 0);
        return m;
    }

    private static String sequenceToken(long n) {
        return String.format("%056d", n);
    }

    private Object putLogEvents(JsonNode body) {
        String groupName = required(body, "logGroupName");
        String streamName = required(body, "logStreamName");
        JsonNode logEvents = body.get("logEvents");
        if (logEvents == null || !logEvents.isArray() || logEvents.isEmpty()) {
            throw invalid(ValidationMessage.of("[]", "logEvents", "Member must have length greater than or equal to 1"));
        }
        if (logEvents.size() > 10_000) {
            throw invalid(ValidationMessage.withoutValue("logEvents", "Member must have length less than or equal to 10000"));
        }
        long batchBytes = 0;
        long previous = Long.MIN_VALUE;
        for (JsonNode e : logEvents) {
            if (!e.has("timestamp") || !e.has("message")) {
                throw invalid("Each log event needs a timestamp and a message.");
            }
            long ts = e.get("timestamp").asLong();
            if (ts < previous) {
                throw invalid("Log events in a single PutLogEvents request must be in chronological order.");
            }
            previous = ts;
            batchBytes += e.get("message").asText().getBytes(StandardCharsets.UTF_8).length + 26;
        }
        if (batchBytes > MAX_BATCH) {
            throw tooLarge(batchBytes);
        }
        long first = logEvents.get(0).get("timestamp").asLong();
        if (previous - first > DAY_MS) {
            throw invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        synchronized (store) {
            Group group = group(groupName);
            Stream stream = group.streams.get(streamName);
            if (stream == null) {
                throw new AwsServiceException(400, "ResourceNotFoundException", "The specified log stream does not exist.");
            }
            long now = clock.getAsLong();
            long tooNewFrom = now + 2 * 3_600_000L;
            long tooOldBefore = now - 14 * DAY_MS;
            long expiredBefore = group.retentionInDays == null ? Long.MIN_VALUE : now - group.retentionInDays * DAY_MS;
            Integer tooNewStart = null;
            Integer tooOldEnd = null;
            Integer expiredEnd = null;
            List<Event> accepted = new ArrayList<>();
            int i = 0;
            for (JsonNode e : logEvents) {
                long ts = e.get("timestamp").asLong();
                if (ts >= tooNewFrom) {
                    if (tooNewStart == null) {
                        tooNewStart = i;
                    }
                } else if (ts < expiredBefore) {
                    expiredEnd = i + 1;
                } else if (ts < tooOldBefore) {
                    tooOldEnd = i + 1;
                } else {
                    accepted.add(new Event(ts, now, store.nextSeq(), e.get("message").asText()));
                }
                i++;
            }
            if (!accepted.isEmpty()) {
                store.append(group, stream, accepted, true);
            }
            stream.uploadSequence++;
            result.put("nextSequenceToken", sequenceToken(stream.uploadSequence));
            if (tooNewStart != null || tooOldEnd != null || expiredEnd != null) {
                Map<String, Object> rejected = new LinkedHashMap<>();
                if (tooNewStart != null) {
                    rejected.put("tooNewLogEventStartIndex", tooNewStart);
                }
                if (tooOldEnd != null) {
                    rejected.put("tooOldLogEventEndIndex", tooOldEnd);
                }
                if (expiredEnd != null) {
                    rejected.put("expiredLogEventEndIndex", expiredEnd);
                }
                result.put("rejectedLogEventsInfo", rejected);
            }
        }
        return result;
    }

    private Object getLogEvents(JsonNode body) {
        String groupName = groupOf(body);
        String streamName = required(body, "logStreamName");
        Long startTime = longOrNull(body, "startTime");
        Long endTime = longOrNull(body, "endTime");
        int limit = limit(body, 10_000, 10_000);
        boolean fromHead = body.path("startFromHead").asBoolean(false);
        String token = text(body, "nextToken");
        List<Event> visible = new ArrayList<>();
        synchronized (store) {
            Group group = group(groupName);
            Stream stream = group.streams.get(streamName);
            if (stream == null) {
                throw new AwsServiceException(400, "ResourceNotFoundException", "The specified log stream does not exist.");
            }
            long retainedFrom = retainedFrom(group);
            for (Event e : store.events(stream)) {
                if (e.timestamp() >= retainedFrom && (startTime == null || e.timestamp() >= startTime)
                        && (endTime == null || e.timestamp() < endTime)) {
                    visible.add(e);
                }
            }
        }
        int n = visible.size();
        int from;
        int to;
        if (token == null) {
            from = fromHead ? 0 : Math.max(0, n - limit);
            to = fromHead ? Math.min(n, limit) : n;
        } else {
            // A token names the event a page ended at, not a position: events gone since (retention) skip none.
            long[] cursor = eventCursor(token);
            int at = 0;
            while (at < n && compare(visible.get(at), cursor) <= 0) {
                at++;
            }
            if (token.startsWith("f/")) {
                from = at;
                to = Math.min(n, at + limit);
            } else {
                to = at > 0 && compare(visible.get(at - 1), cursor) == 0 ? at - 1 : at;
                from = Math.max(0, to - limit);
            }
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (Event e : visible.subList(from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", e.timestamp());
            m.put("message", e.message());
            m.put("ingestionTime", e.ingestionTime());
            events.add(m);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", events);
        // With nothing more in a direction, AWS hands back the token it was given: clients stop on a repeat.
        String forwardToken;
        String backwardToken;
        if (from < to) {
            forwardToken = "f/" + eventCursor(visible.get(to - 1));
            backwardToken = "b/" + eventCursor(visible.get(from));
        } else if (token != null) {
            String cursor = token.substring(2);
            forwardToken = token.startsWith("f/") ? token : "f/" + cursor;
            backwardToken = token.startsWith("b/") ? token : "b/" + cursor;
        } else {
            forwardToken = "f/" + "0".repeat(56);
            backwardToken = "b/" + "0".repeat(56);
        }
        result.put("nextForwardToken", forwardToken);
        result.put("nextBackwardToken", backwardToken);
        return result;
    }

    private Object filterLogEvents(JsonNode body) {
        String groupName = groupOf(body);
        List<String> names = null;
        if (body.has("logStreamNames") && body.get("logStreamNames").isArray()) {
            names = new ArrayList<>();
            for (JsonNode n : body.get("logStreamNames")) {
                names.add(n.asText());
            }
            if (names.isEmpty() || names.size() > 100) {
                throw invalid(ValidationMessage.withoutValue("logStreamNames", "Member must have length between 1 and 100"));
            }
        }
        String prefix = text(body, "logStreamNamePrefix");
        if (names != null && prefix != null) {
            throw invalid("logStreamNames and logStreamNamePrefix are mutually exclusive");
        }
        Long startTime = longOrNull(body, "startTime");
        Long endTime = longOrNull(body, "endTime");
        String patternText = text(body, "filterPattern");
        if (patternText != null && patternText.length() > 1024) {
            throw invalid(ValidationMessage.withoutValue("filterPattern", "Member must have length less than or equal to 1024"));
        }
        FilterPattern pattern = FilterPattern.parse(patternText);
        int limit = limit(body, 10_000, 10_000);
        long afterTs = Long.MIN_VALUE;
        long afterSeq = Long.MIN_VALUE;
        // Its own paging over a bounded heap, not PageAfter.page's list: the events of a group need not fit in memory.
        String cursor = keyAfter(FILTER_TAG, text(body, "nextToken"),
                old -> EVENT_KEY.matcher(old).matches() ? Optional.of(old) : Optional.empty());
        if (cursor != null) {
            Matcher m = EVENT_KEY.matcher(cursor);
            if (!m.matches()) {
                throw invalidToken();
            }
            afterTs = Long.parseLong(m.group(1));
            afterSeq = Long.parseLong(m.group(2));
        }
        record Hit(String stream, Event event) {}
        Comparator<Hit> order = (a, b) -> LogStore.compare(a.event(), b.event());
        // The first limit + 1 hits are all a page needs: memory stays bounded however many events are kept.
        PriorityQueue<Hit> firstHits = new PriorityQueue<>(order.reversed());
        long fromTs = afterTs;
        long fromSeq = afterSeq;
        List<Map<String, Object>> searched = new ArrayList<>();
        synchronized (store) {
            Group group = group(groupName);
            long retainedFrom = retainedFrom(group);
            List<Stream> streams = new ArrayList<>();
            if (names != null) {
                for (String name : names) {
                    Stream s = group.streams.get(name);
                    if (s != null) {
                        streams.add(s);
                    }
                }
            } else {
                for (Stream s : group.streams.values()) {
                    if (prefix == null || s.name.startsWith(prefix)) {
                        streams.add(s);
                    }
                }
            }
            for (Stream s : streams) {
                store.forEachEvent(s, e -> {
                    if (e.timestamp() < retainedFrom || (startTime != null && e.timestamp() < startTime)
                            || (endTime != null && e.timestamp() > endTime)) {
                        return;
                    }
                    if (e.timestamp() < fromTs || (e.timestamp() == fromTs && e.seq() <= fromSeq)) {
                        return;
                    }
                    if (pattern.matches(e.message())) {
                        firstHits.add(new Hit(s.name, e));
                        if (firstHits.size() > limit + 1) {
                            firstHits.poll();
                        }
                    }
                });
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("logStreamName", s.name);
                m.put("searchedCompletely", true);
                searched.add(m);
            }
        }
        List<Hit> hits = new ArrayList<>(firstHits);
        hits.sort(order);
        List<Map<String, Object>> events = new ArrayList<>();
        for (Hit h : hits.subList(0, Math.min(limit, hits.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("logStreamName", h.stream());
            m.put("timestamp", h.event().timestamp());
            m.put("message", h.event().message());
            m.put("ingestionTime", h.event().ingestionTime());
            m.put("eventId", eventId(h.event()));
            events.add(m);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", events);
        result.put("searchedLogStreams", searched);
        if (hits.size() > limit) {
            Event last = hits.get(limit - 1).event();
            result.put("nextToken", PageAfter.token(FILTER_TAG, last.timestamp() + ":" + last.seq()));
        }
        return result;
    }

    /** A GetLogEvents token's position: an event's timestamp and seq, 56 digits as AWS's tokens have. */
    private static String eventCursor(Event e) {
        return String.format("%020d%036d", Math.max(0, e.timestamp()), e.seq());
    }

    private static long[] eventCursor(String token) {
        String digits = token.substring(Math.min(2, token.length()));
        if (!(token.startsWith("f/") || token.startsWith("b/")) || !digits.matches("\\d{56}")) {
            throw invalidToken();
        }
        try {
            return new long[] {Long.parseLong(digits.substring(0, 20)), Long.parseLong(digits.substring(20))};
        } catch (NumberFormatException e) {
            throw invalidToken();
        }
    }

    private static int compare(Event e, long[] cursor) {
        int c = Long.compare(e.timestamp(), cursor[0]);
        return c != 0 ? c : Long.compare(e.seq(), cursor[1]);
    }

    static String eventId(Event e) {
        return String.format("%020d%036d", e.timestamp(), e.seq());
    }

    /**
     * Validates a StartLiveTail request (its errors are ordinary awsJson errors, before any stream) and
     * returns the session to write as the response body, {@link LiveTailSession#CONTENT_TYPE}.
     */
    public LiveTailSession openLiveTail(CloudRequest request) {
        return openLiveTail(request, LIVE_TAIL_POLL, LIVE_TAIL_MAX);
    }

    LiveTailSession openLiveTail(CloudRequest request, Duration interval, Duration maxDuration) {
        return openLiveTail(body(request), region(request), interval, maxDuration);
    }

    private LiveTailSession openLiveTail(JsonNode body, String region, Duration interval, Duration maxDuration) {
        List<String> identifiers = strings(body, "logGroupIdentifiers");
        if (identifiers == null || identifiers.isEmpty() || identifiers.size() > 10) {
            throw invalid(ValidationMessage.withoutValue("logGroupIdentifiers", "Member must have length between 1 and 10"));
        }
        List<String> streamNames = strings(body, "logStreamNames");
        List<String> streamPrefixes = strings(body, "logStreamNamePrefixes");
        if (streamNames != null && streamPrefixes != null) {
            throw invalid("logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.");
        }
        if ((streamNames != null || streamPrefixes != null) && identifiers.size() != 1) {
            throw invalid("logStreamNames and logStreamNamePrefixes can only be used with exactly one log group.");
        }
        String patternText = text(body, "logEventFilterPattern");
        FilterPattern pattern = FilterPattern.parse(patternText);
        List<String> groupNames = new ArrayList<>();
        synchronized (store) {
            for (String id : identifiers) {
                groupNames.add(group(nameOf(id)).name);
            }
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("requestId", UUID.randomUUID().toString());
        start.put("sessionId", UUID.randomUUID().toString());
        start.put("logGroupIdentifiers", identifiers);
        start.put("logStreamNames", streamNames == null ? List.of() : streamNames);
        start.put("logStreamNamePrefixes", streamPrefixes == null ? List.of() : streamPrefixes);
        start.put("logEventFilterPattern", patternText == null ? "" : patternText);
        LiveTailSession.Source source = new LiveTailSession.Source() {
            @Override
            public long cursor() {
                synchronized (store) {
                    return store.peekSeq();
                }
            }

            @Override
            public LiveTailSession.Batch since(long cursor) {
                List<Map<String, Object>> hits = new ArrayList<>();
                long next;
                List<LogStore.Recent> recent;
                synchronized (store) {
                    next = store.peekSeq();
                    recent = store.recentSince(cursor);
                }
                List<LogStore.Recent> matching = new ArrayList<>();
                for (LogStore.Recent r : recent) {
                    if (!groupNames.contains(r.group())) {
                        continue;
                    }
                    if (streamNames != null && !streamNames.contains(r.stream())) {
                        continue;
                    }
                    if (streamPrefixes != null && streamPrefixes.stream().noneMatch(r.stream()::startsWith)) {
                        continue;
                    }
                    if (r.event().seq() < next && pattern.matches(r.event().message())) {
                        matching.add(r);
                    }
                }
                matching.sort((a, b) -> LogStore.compare(a.event(), b.event()));
                for (LogStore.Recent r : matching) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("logStreamName", r.stream());
                    m.put("logGroupIdentifier", groupArn(region, r.group()));
                    m.put("message", r.event().message());
                    m.put("timestamp", r.event().timestamp());
                    m.put("ingestionTime", r.event().ingestionTime());
                    hits.add(m);
                }
                return new LiveTailSession.Batch(hits, next);
            }
        };
        Faults f = faults;
        return new LiveTailSession(source, start, interval, maxDuration, f == null ? null : f.liveTailDrop().orElse(null));
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private long retainedFrom(Group group) {
        return group.retentionInDays == null ? Long.MIN_VALUE : clock.getAsLong() - group.retentionInDays * DAY_MS;
    }

    private Group group(String name) {
        Group group = store.groups.get(name);
        if (group == null) {
            throw new AwsServiceException(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        return group;
    }

    /** logGroupName or logGroupIdentifier (a name or an ARN), exactly one. */
    private static String groupOf(JsonNode body) {
        String name = text(body, "logGroupName");
        String identifier = text(body, "logGroupIdentifier");
        if (name != null && identifier != null) {
            throw invalid("LogGroup name and LogGroup identifier are mutually exclusive parameters.");
        }
        if (name == null && identifier == null) {
            throw invalid("Should provide either name or identifier.");
        }
        return name != null ? name : nameOf(identifier);
    }

    static String nameOf(String identifier) {
        int at = identifier.indexOf(":log-group:");
        if (!identifier.startsWith("arn:") || at < 0) {
            return identifier;
        }
        String name = identifier.substring(at + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    private static String groupName(JsonNode body, String field) {
        String name = required(body, field);
        if (name.length() > 512 || !GROUP_NAME.matcher(name).matches()) {
            throw invalid(ValidationMessage.of(name, field, "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"));
        }
        return name;
    }

    private static String streamName(JsonNode body) {
        String name = required(body, "logStreamName");
        if (name.length() > 512 || !STREAM_NAME.matcher(name).matches()) {
            throw invalid(ValidationMessage.of(name, "logStreamName", "Member must satisfy regular expression pattern: [^:*]*"));
        }
        return name;
    }

    private static String required(JsonNode body, String field) {
        return JsonBodies.required(body, field, LogsService::invalid);
    }

    private static String text(JsonNode body, String field) {
        return JsonBodies.text(body, field);
    }

    private static Long longOrNull(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asLong();
    }

    private static int limit(JsonNode body, int fallback, int max) {
        JsonNode node = body.get("limit");
        if (node == null || node.isNull()) {
            return fallback;
        }
        long limit = node.asLong();
        if (limit > max) {
            throw invalid(ValidationMessage.of(limit, "limit", "Member must have value less than or equal to " + max));
        }
        if (limit < 1) {
            throw invalid(ValidationMessage.of(limit, "limit", "Member must have value greater than or equal to 1"));
        }
        return (int) limit;
    }

    /**
     * The key a listing's token names (null on the first page); a token of versions before tags (untagged) names the
     * key {@code legacy} reads in it, so tokens handed out before an upgrade still work. Any other token is refused.
     */
    private static String keyAfter(String tag, String token, Function<String, Optional<String>> legacy) {
        try {
            return PageAfter.keyAfter(tag, token, LogsService::invalidToken);
        } catch (AwsServiceException refused) {
            String old;
            try {
                old = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw refused;
            }
            return legacy.apply(old).orElseThrow(() -> refused);
        }
    }

    private static AwsServiceException invalidToken() {
        return invalid("The specified nextToken is invalid.");
    }

    private static AwsServiceException tooLarge(long bytes) {
        return invalid("Upload too large: " + bytes + " bytes exceeds limit of " + MAX_BATCH);
    }

    static AwsServiceException invalid(String message) {
        return new AwsServiceException(400, "InvalidParameterException", message);
    }
}
