package dev.lamb.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.TestAwsClients;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * `lamb logs` against lamb's local cloud: a deployed function's invocations read back in order, and
 * follows (run on a thread, stopped by the test) that must print every event exactly once through
 * concurrency, the backfill/live seam, dropped sessions, Live Tail refused, late events, throttling and
 * a group that appears only after the follow started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsLocalCloudIT {
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\": ?\"([0-9a-f-]+)\"");

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    Path project;
    String url;

    @BeforeAll
    void deploy(@TempDir Path tmp) throws IOException {
        project = DeployedCloud.init(tmp, "tail");
        // A little work per request, so that concurrent requests need several instances (several streams).
        Path handler = project.resolve("handler.py");
        Files.writeString(handler, Files.readString(handler).replace("import json\n", "import json\nimport time\n")
                .replace("def handler(event, context):\n", "def handler(event, context):\n    time.sleep(0.3)\n"));
        url = cloud.deploy(project);
    }

    @AfterEach
    void clearFaults() {
        cloud.local().faults().clear();
    }

    @Test
    void printsTheInvocationsLinesInOrder() {
        for (int i = 0; i < 3; i++) {
            DeployedCloud.greet(url);
        }
        Lamb.Run run = cloud.lamb("logs", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        List<String> kinds = new ArrayList<>();
        for (String line : lines) {
            String message = line.substring(line.indexOf(' ', line.indexOf(' ') + 1) + 1);
            kinds.add(message.startsWith("START") ? "START" : message.startsWith("{") ? "LOG" : message.startsWith("END") ? "END"
                    : message.startsWith("REPORT") ? "REPORT" : message.startsWith("INIT_START") ? "INIT" : message);
        }
        kinds.remove("INIT");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < kinds.size() / 4; i++) {
            expected.addAll(List.of("START", "LOG", "END", "REPORT"));
        }
        assertTrue(kinds.size() >= 12, run.out());
        assertEquals(expected, kinds, run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [0-9a-f]{8} REPORT [0-9.]+ ms \\(billed \\d+ ms\\), "
                + "\\d+ of 128 MB, cold start [0-9.]+ ms")), run.out());

        Lamb.Run json = cloud.lamb("logs", "--dir", project.toString(), "--output", "json", "--no-report");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().lines().allMatch(l -> l.startsWith("{\"function\":\"tail\",\"log_group\":\"/aws/lambda/tail\"")
                && !l.contains("REPORT RequestId")), json.out());
    }

    @Test
    void escapeSequencesInALogAreShownEscaped() {
        String group = "/aws/lambda/hostile";
        put(group, "s", System.currentTimeMillis(), "\u001b]0;pwned\u0007", "\u001b[2J");
        Lamb.Run run = cloud.lamb("logs", "--function", "hostile");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("\u001b") || run.out().contains("\u0007"), run.out());
        assertTrue(run.out().contains(" s \\u001b]0;pwned\\u0007\n") && run.out().contains(" s \\u001b[2J\n"), run.out());

        Lamb.Run missing = cloud.lamb("logs", "--function", "nobody");
        assertEquals(4, missing.exitCode(), missing.err());
    }

    @Test
    void followSeesConcurrentInvocationsOnSeveralStreamsEachOnce() throws Exception {
        try (Follow follow = Follow.start(cloud.aws(), "/aws/lambda/tail", System.currentTimeMillis(), false)) {
            awaitLive(follow);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<String>> done = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                done.add(pool.submit(() -> DeployedCloud.greet(url)));
            }
            for (Future<String> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            follow.await(m -> m.stream().filter(s -> s.startsWith("REPORT")).count() >= 12, Duration.ofSeconds(15),
                    "not 12 REPORT lines");
            Follow.sleep(1500);
            List<String> reports = follow.messages().stream().filter(s -> s.startsWith("REPORT")).toList();
            assertEquals(12, reports.size(), String.join("", reports));
            Set<String> ids = new HashSet<>();
            for (String m : follow.messages()) {
                Matcher id = REQUEST_ID.matcher(m);
                if (id.find()) {
                    assertTrue(ids.add(id.group(1)), "printed twice: " + m);
                }
            }
            assertEquals(12, ids.size());
            Set<String> streams = new HashSet<>();
            follow.events.forEach(e -> streams.add(e.stream()));
            assertTrue(streams.size() >= 2, "one stream only: " + streams);
        }
    }

    @Test
    void theSeamBetweenBackfillAndLiveLosesNothingAndRepeatsNothing() throws Exception {
        String group = "/test/seam";
        long since = System.currentTimeMillis();
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        writeFor(group, "before", 20, written);
        Thread writer = writer(group, "seam", 60, 25, written);
        writer.start();
        try (Follow follow = Follow.start(cloud.aws(), group, since, false)) {
            writer.join();
            follow.awaitAll(written, Duration.ofSeconds(10));
            Follow.sleep(1500);
            assertExactlyOnce(written, follow.messages());
            assertTrue(follow.notices().stream().noneMatch(n -> n.contains("polling")), follow.notices().toString());
        }
    }

    @Test
    void aDroppedLiveTailSessionIsRenewedWithoutLoss() throws Exception {
        String group = "/test/drop";
        put(group, "s0", System.currentTimeMillis(), "first");
        cloud.local().faults().add("logs", null, "drop", null, 1200L, 2);
        List<String> written = Collections.synchronizedList(new ArrayList<>(List.of("first")));
        try (Follow follow = Follow.start(cloud.aws(), group, System.currentTimeMillis() - 60_000, false)) {
            follow.awaitAll(written, Duration.ofSeconds(10));
            Thread writer = writer(group, "drop", 100, 40, written);
            writer.start();
            writer.join();
            follow.awaitAll(written, Duration.ofSeconds(15));
            Follow.sleep(1500);
            assertExactlyOnce(written, follow.messages());
            assertTrue(follow.notices().stream().anyMatch(n -> n.contains("reconnecting")), follow.notices().toString());
        }
    }

    @Test
    void aRenewedSessionLosesNothing() throws Exception {
        String group = "/test/renew";
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        put(group, "s0", System.currentTimeMillis(), "start");
        written.add("start");
        LogsReader.Settings settings = new LogsReader.Settings(1_000, 10_000, Duration.ofMillis(1500));
        try (Follow follow = Follow.start(cloud.aws(), settings, group, System.currentTimeMillis() - 60_000, false)) {
            Thread writer = writer(group, "renew", 80, 50, written);
            writer.start();
            writer.join();
            follow.awaitAll(written, Duration.ofSeconds(10));
            Follow.sleep(1500);
            assertExactlyOnce(written, follow.messages());
        }
    }

    @Test
    void withLiveTailRefusedPollingTakesOverIncludingLateEvents() throws Exception {
        String group = "/test/refused";
        put(group, "a", System.currentTimeMillis(), "early");
        cloud.local().faults().add("logs", "StartLiveTail", "throttle", null, null, null);
        try (Follow follow = Follow.start(cloud.aws(), group, System.currentTimeMillis() - 60_000, false)) {
            follow.awaitAll(List.of("early"), Duration.ofSeconds(15));
            assertTrue(follow.notices().stream().anyMatch(n -> n.contains("polling every second")), follow.notices().toString());
            List<String> written = Collections.synchronizedList(new ArrayList<>(List.of("early")));
            lateAndOnTime(group, written);
            follow.awaitAll(written, Duration.ofSeconds(10));
            Follow.sleep(2500);
            assertExactlyOnce(written, follow.messages());
        }
    }

    @Test
    void pollingRidesOutThrottling() throws Exception {
        String group = "/test/throttled";
        put(group, "a", System.currentTimeMillis(), "early");
        // More throttles in a row than the SDK's own six attempts: lamb's backoff must carry on after them.
        cloud.local().faults().add("logs", "FilterLogEvents", "throttle", null, null, 7);
        // The SDK's own throttling backoff (full jitter, up to 20 s a step) would take half a minute: the same retries, cut short.
        try (AwsClients aws = TestAwsClients.quickRetries(cloud.endpoint(), Duration.ofMillis(200), line -> {});
             Follow follow = Follow.start(aws, group, System.currentTimeMillis() - 60_000, true)) {
            List<String> written = Collections.synchronizedList(new ArrayList<>(List.of("early")));
            lateAndOnTime(group, written);
            follow.awaitAll(written, Duration.ofSeconds(30));
            Follow.sleep(2500);
            assertExactlyOnce(written, follow.messages());
            assertTrue(follow.notices().stream().anyMatch(n -> n.contains("throttling")), follow.notices().toString());
        }
    }

    @Test
    void aGroupCreatedAfterTheFollowStartedIsPickedUp() throws Exception {
        String group = "/test/later";
        try (Follow follow = Follow.start(cloud.aws(), group, System.currentTimeMillis() - 60_000, false)) {
            Follow.sleep(2000);
            put(group, "s", System.currentTimeMillis(), "one");
            follow.awaitAll(List.of("one"), Duration.ofSeconds(10));
            put(group, "s", System.currentTimeMillis(), "two");
            follow.awaitAll(List.of("one", "two"), Duration.ofSeconds(10));
            assertEquals(1, follow.notices().stream().filter(n -> n.startsWith("waiting for log group /test/later")).count(),
                    follow.notices().toString());
            assertExactlyOnce(List.of("one", "two"), follow.messages());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Events in stream b, some with timestamps 5 s old (ingested late), and in stream c, on time. */
    private void lateAndOnTime(String group, List<String> written) {
        for (int i = 0; i < 5; i++) {
            long now = System.currentTimeMillis();
            put(group, "late-" + i, now - 5_000, "late " + i);
            put(group, "c", now, "on time " + i);
            written.add("late " + i);
            written.add("on time " + i);
            Follow.sleep(300);
        }
    }

    /** Waits until the follow's live session runs: a marker event put now comes through. */
    private void awaitLive(Follow follow) {
        Follow.sleep(1500);
    }

    private void writeFor(String group, String label, int n, List<String> written) {
        for (int i = 0; i < n; i++) {
            String m = label + " " + i;
            put(group, label, System.currentTimeMillis(), m);
            written.add(m);
        }
    }

    /** Writes n events into streams label-0..2, one each {@code everyMillis}. */
    private Thread writer(String group, String label, int n, long everyMillis, List<String> written) {
        return new Thread(() -> {
            for (int i = 0; i < n; i++) {
                String m = label + " " + i;
                put(group, label + "-" + (i % 3), System.currentTimeMillis(), m);
                written.add(m);
                Follow.sleep(everyMillis);
            }
        });
    }

    private static void assertExactlyOnce(List<String> written, List<String> printed) {
        List<String> expected = new ArrayList<>(written);
        List<String> got = new ArrayList<>(printed);
        Collections.sort(expected);
        Collections.sort(got);
        assertEquals(expected, got, "each written event printed exactly once");
    }

    private void put(String group, String stream, long timestamp, String... messages) {
        var logs = cloud.aws().logs();
        try {
            logs.createLogGroup(r -> r.logGroupName(group));
        } catch (ResourceAlreadyExistsException e) {
            // there already
        }
        try {
            logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        } catch (ResourceAlreadyExistsException e) {
            // there already
        }
        List<InputLogEvent> events = new ArrayList<>();
        for (String m : messages) {
            events.add(InputLogEvent.builder().timestamp(timestamp).message(m).build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }
}
