package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** The local CloudWatch Logs through the real AWS CLI v2. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(new LogsService(data)));
    @TempDir
    static Path work;
    static Path aws;

    /**
     * Sets up what a test reads through the CLI: createsPutsGetsAndDeletes proves the CLI's own creates and puts,
     * and each AWS CLI start costs some 0.7 s of CPU.
     */
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        aws = RequiredTools.require("/usr/bin/aws");
        logs = LogsSdkIT.client(cloud.local());
    }

    @AfterAll
    static void close() {
        logs.close();
    }

    static Processes.Result aws(String... args) {
        return AwsCli.run(work, cloud.endpoint(), args);
    }

    static JsonNode ok(String... args) throws Exception {
        Processes.Result result = aws(args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
    }

    static String events(long base, String... messages) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            list.add(Map.of("timestamp", base + i * 10L, "message", messages[i]));
        }
        return JSON.writeValueAsString(list);
    }

    @Test
    void createsPutsGetsAndDeletes() throws Exception {
        ok("logs", "create-log-group", "--log-group-name", "/cli/basic");
        Processes.Result again = aws("logs", "create-log-group", "--log-group-name", "/cli/basic");
        assertEquals(254, again.exitCode(), again.output());
        assertTrue(again.output().contains("ResourceAlreadyExistsException"), again.output());
        ok("logs", "create-log-stream", "--log-group-name", "/cli/basic", "--log-stream-name", "s1");
        long now = System.currentTimeMillis() - 10_000;
        JsonNode put = ok("logs", "put-log-events", "--log-group-name", "/cli/basic", "--log-stream-name", "s1",
                "--log-events", events(now, "one", "two", "three"));
        assertFalse(put.path("nextSequenceToken").asText().isEmpty(), put.toString());

        JsonNode head = ok("logs", "get-log-events", "--log-group-name", "/cli/basic", "--log-stream-name", "s1",
                "--start-from-head", "--limit", "2");
        assertEquals(2, head.get("events").size());
        assertEquals("one", head.at("/events/0/message").asText());
        assertEquals(now, head.at("/events/0/timestamp").asLong());
        String forward = head.get("nextForwardToken").asText();
        assertTrue(forward.matches("f/\\d{56}"), forward);
        JsonNode rest = ok("logs", "get-log-events", "--log-group-name", "/cli/basic", "--log-stream-name", "s1",
                "--next-token", forward, "--limit", "2");
        assertEquals(1, rest.get("events").size());
        assertEquals("three", rest.at("/events/0/message").asText());
        JsonNode end = ok("logs", "get-log-events", "--log-group-name", "/cli/basic", "--log-stream-name", "s1",
                "--next-token", rest.get("nextForwardToken").asText());
        assertEquals(0, end.get("events").size());
        assertEquals(rest.get("nextForwardToken").asText(), end.get("nextForwardToken").asText(), "same token at the end");

        JsonNode tail = ok("logs", "get-log-events", "--log-group-name", "/cli/basic", "--log-stream-name", "s1",
                "--limit", "1");
        assertEquals("three", tail.at("/events/0/message").asText(), "newest first by default");
        JsonNode window = ok("logs", "get-log-events", "--log-group-name", "/cli/basic", "--log-stream-name", "s1",
                "--start-time", String.valueOf(now + 10), "--end-time", String.valueOf(now + 20));
        assertEquals(1, window.get("events").size());
        assertEquals("two", window.at("/events/0/message").asText());

        JsonNode streams = ok("logs", "describe-log-streams", "--log-group-name", "/cli/basic");
        assertEquals("s1", streams.at("/logStreams/0/logStreamName").asText());
        assertEquals(now + 20, streams.at("/logStreams/0/lastEventTimestamp").asLong());
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/cli/basic:log-stream:s1",
                streams.at("/logStreams/0/arn").asText());

        ok("logs", "put-retention-policy", "--log-group-name", "/cli/basic", "--retention-in-days", "7");
        JsonNode groups = ok("logs", "describe-log-groups", "--log-group-name-prefix", "/cli/basic");
        assertEquals(1, groups.get("logGroups").size());
        assertEquals(7, groups.at("/logGroups/0/retentionInDays").asInt());
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/cli/basic:*", groups.at("/logGroups/0/arn").asText());

        ok("logs", "delete-log-group", "--log-group-name", "/cli/basic");
        Processes.Result gone = aws("logs", "get-log-events", "--log-group-name", "/cli/basic", "--log-stream-name", "s1");
        assertEquals(254, gone.exitCode(), gone.output());
        assertTrue(gone.output().contains("ResourceNotFoundException"), gone.output());
        assertTrue(gone.output().contains("The specified log group does not exist."), gone.output());
        Processes.Result noStream = aws("logs", "put-log-events", "--log-group-name", "/cli/nope", "--log-stream-name", "s",
                "--log-events", events(now, "x"));
        assertEquals(254, noStream.exitCode(), noStream.output());
        assertTrue(noStream.output().contains("ResourceNotFoundException"), noStream.output());
    }

    @Test
    void describesGroupsByPrefixAcrossPages() throws Exception {
        for (String name : List.of("/pages/a", "/pages/b", "/pages/c", "/pages/d", "/pages/e", "/other/x")) {
            logs.createLogGroup(r -> r.logGroupName(name));
        }
        JsonNode all = ok("logs", "describe-log-groups", "--log-group-name-prefix", "/pages/", "--page-size", "2");
        List<String> names = new ArrayList<>();
        all.get("logGroups").forEach(g -> names.add(g.get("logGroupName").asText()));
        assertEquals(List.of("/pages/a", "/pages/b", "/pages/c", "/pages/d", "/pages/e"), names);
        JsonNode first = ok("logs", "describe-log-groups", "--log-group-name-prefix", "/pages/", "--no-paginate",
                "--limit", "2");
        assertEquals(2, first.get("logGroups").size());
        assertTrue(first.has("nextToken"), first.toString());

        long now = System.currentTimeMillis() - 60_000;
        put("/pages/a", "early", now, "e");
        put("/pages/a", "late", now + 200, "l");
        put("/pages/a", "middle", now + 100, "m");
        JsonNode byTime = ok("logs", "describe-log-streams", "--log-group-name", "/pages/a", "--order-by", "LastEventTime",
                "--descending", "--page-size", "1");
        List<String> order = new ArrayList<>();
        byTime.get("logStreams").forEach(s -> order.add(s.get("logStreamName").asText()));
        assertEquals(List.of("late", "middle", "early"), order);
        JsonNode byName = ok("logs", "describe-log-streams", "--log-group-name", "/pages/a");
        List<String> named = new ArrayList<>();
        byName.get("logStreams").forEach(s -> named.add(s.get("logStreamName").asText()));
        assertEquals(List.of("early", "late", "middle"), named);
    }

    @Test
    void filtersWithEachPatternKindAndPaginates() throws Exception {
        logs.createLogGroup(r -> r.logGroupName("/cli/filter"));
        long now = System.currentTimeMillis() - 60_000;
        put("/cli/filter", "a", now, "ERROR disk full", "INFO all good", "WARN slow request id=7");
        put("/cli/filter", "b", now + 5, "ERROR timeout talking to db", "INFO disk check done", "DEBUG noise");

        JsonNode all = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter");
        List<String> messages = new ArrayList<>();
        all.get("events").forEach(e -> messages.add(e.get("message").asText()));
        assertEquals(List.of("ERROR disk full", "ERROR timeout talking to db", "INFO all good", "INFO disk check done",
                "WARN slow request id=7", "DEBUG noise"), messages, "interleaved by timestamp");
        assertEquals(2, all.get("searchedLogStreams").size());
        Set<String> ids = new HashSet<>();
        all.get("events").forEach(e -> ids.add(e.get("eventId").asText()));
        assertEquals(6, ids.size(), "eventIds are unique");

        assertEquals(List.of("ERROR disk full", "INFO disk check done"), filter("disk"));
        assertEquals(List.of("ERROR disk full"), filter("ERROR disk"));
        assertEquals(List.of("ERROR timeout talking to db"), filter("\"timeout talking\""));
        assertEquals(List.of(), filter("\"talking timeout\""));
        assertEquals(List.of("ERROR disk full", "ERROR timeout talking to db", "WARN slow request id=7"), filter("?ERROR ?WARN"));
        assertEquals(List.of("ERROR disk full"), filter("ERROR -timeout"));

        JsonNode window = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter",
                "--start-time", String.valueOf(now + 5), "--end-time", String.valueOf(now + 10));
        assertEquals(2, window.get("events").size(), window.toString());
        JsonNode onlyB = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter", "--log-stream-names", "b");
        assertEquals(3, onlyB.get("events").size());
        assertEquals(1, onlyB.get("searchedLogStreams").size());
        JsonNode prefixed = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter", "--log-stream-name-prefix", "a");
        assertEquals(3, prefixed.get("events").size());

        JsonNode paged = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter", "--page-size", "2");
        assertEquals(all.get("events"), paged.get("events"), "pages of two give the same events");
        JsonNode page = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter", "--no-paginate", "--limit", "4");
        assertEquals(4, page.get("events").size());
        JsonNode second = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter", "--no-paginate",
                "--limit", "4", "--next-token", page.get("nextToken").asText());
        assertEquals(2, second.get("events").size());
        assertFalse(second.has("nextToken"), second.toString());
        assertEquals(all.at("/events/5/eventId"), second.at("/events/1/eventId"), "eventIds are stable");

        Processes.Result badToken = aws("logs", "filter-log-events", "--log-group-name", "/cli/filter", "--no-paginate",
                "--next-token", "@@@");
        assertEquals(254, badToken.exitCode(), badToken.output());
        assertTrue(badToken.output().contains("InvalidParameterException"), badToken.output());
    }

    /** Events {@code base}, base + 10 ms... into a new stream of an existing group, as the CLI's events() writes them. */
    private static void put(String group, String stream, long base, String... messages) {
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(InputLogEvent.builder().timestamp(base + i * 10L).message(messages[i]).build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    private static List<String> filter(String pattern) throws Exception {
        JsonNode out = ok("logs", "filter-log-events", "--log-group-name", "/cli/filter", "--filter-pattern", pattern);
        List<String> messages = new ArrayList<>();
        out.get("events").forEach(e -> messages.add(e.get("message").asText()));
        return messages;
    }

    /**
     * Issue 14: JSON and space-delimited filter patterns ("Filter pattern syntax" reference), an invalid one
     * (InvalidParameterException, exit 254), and tags through the tagging and older operations of the logs model.
     */
    @Test
    void structuredPatternsAndTags() throws Exception {
        long now = System.currentTimeMillis() - 60_000;
        ok("logs", "create-log-group", "--log-group-name", "/cli/json", "--tags", "team=lamb");
        put("/cli/json", "s", now, "{\"level\":\"error\",\"ms\":900}", "{\"level\":\"info\",\"ms\":5}", "10.0.0.1 GET /a 503 12");
        JsonNode json = ok("logs", "filter-log-events", "--log-group-name", "/cli/json", "--filter-pattern",
                "{ $.level = \"error\" && $.ms > 500 }");
        assertEquals(1, json.get("events").size(), json.toString());
        assertEquals("{\"level\":\"error\",\"ms\":900}", json.at("/events/0/message").asText());
        JsonNode fields = ok("logs", "filter-log-events", "--log-group-name", "/cli/json", "--filter-pattern",
                "[ip, method, path, status = 5*, bytes]");
        assertEquals("10.0.0.1 GET /a 503 12", fields.at("/events/0/message").asText(), fields.toString());
        Processes.Result invalid = aws("logs", "filter-log-events", "--log-group-name", "/cli/json", "--filter-pattern", "{ $.ms > }");
        assertEquals(254, invalid.exitCode(), invalid.output());
        assertTrue(invalid.output().contains("InvalidParameterException"), invalid.output());

        String arn = "arn:aws:logs:us-east-1:000000000000:log-group:/cli/json";
        ok("logs", "tag-resource", "--resource-arn", arn, "--tags", "stage=dev");
        ok("logs", "untag-resource", "--resource-arn", arn, "--tag-keys", "team");
        assertEquals("{\"stage\":\"dev\"}", ok("logs", "list-tags-for-resource", "--resource-arn", arn).get("tags").toString());
        assertEquals("{\"stage\":\"dev\"}", ok("logs", "list-tags-log-group", "--log-group-name", "/cli/json").get("tags").toString());
    }

    @Test
    void unimplementedOperationsSayNotImplemented() {
        Processes.Result r = aws("logs", "describe-metric-filters", "--log-group-name", "/x");
        assertTrue(r.exitCode() != 0, r.output());
        assertTrue(r.output().contains("NotImplemented") && r.output().contains("DescribeMetricFilters"), r.output());
    }
}
