package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionStart;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseHandler;

/**
 * StartLiveTail through the SDK's async client, built by lamb's own client factory for the local cloud
 * (host prefix off, Netty): the session starts, events put after it arrive in its updates, and a drop
 * fault cuts the connection. The SDK reports such a cut as the end of the stream, not as an error (no
 * SessionTimeoutException, no exception): a follower must treat any early end as a reason to reconnect.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveTailSdkIT {
    private static final String GROUP = "/aws/lambda/tail";

    @RegisterExtension
    final ServiceCloud cloud = ServiceCloud.perTest((data, engine) -> List.of(new LogsService(data)));
    AwsClients clients;

    @BeforeEach
    void start() {
        clients = new AwsClients(AwsTarget.localCloud(URI.create(cloud.endpoint())));
        clients.logs().createLogGroup(r -> r.logGroupName(GROUP));
        clients.logs().createLogStream(r -> r.logGroupName(GROUP).logStreamName("s1"));
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
    }

    /** What a session delivered: its start, its updates' messages, and how it ended. */
    record Tail(BlockingQueue<Object> seen, CompletableFuture<Void> done) {
        static Tail start(CloudWatchLogsAsyncClient logs, String filter) {
            BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
            StartLiveTailResponseHandler handler = StartLiveTailResponseHandler.builder()
                    .subscriber(StartLiveTailResponseHandler.Visitor.builder()
                            .onSessionStart(seen::add)
                            .onSessionUpdate(update -> update.sessionResults().forEach(e -> seen.add(e.message())))
                            .build())
                    .build();
            CompletableFuture<Void> done = logs.startLiveTail(r -> r.logGroupIdentifiers(GROUP)
                    .logEventFilterPattern(filter), handler);
            return new Tail(seen, done);
        }

        Object next() throws InterruptedException {
            Object item = seen.poll(10, TimeUnit.SECONDS);
            assertTrue(item != null, "nothing arrived within 10 s");
            return item;
        }
    }

    @Test
    void eventsPutAfterTheStartArriveInUpdates() throws Exception {
        Tail tail = Tail.start(clients.logsLiveTail(), "ERROR");
        LiveTailSessionStart start = assertInstanceOf(LiveTailSessionStart.class, tail.next());
        assertEquals(List.of(GROUP), start.logGroupIdentifiers());
        assertFalse(start.sessionId().isBlank());

        put("INFO starting", "ERROR disk full", "INFO done", "ERROR again");

        assertEquals("ERROR disk full", tail.next());
        assertEquals("ERROR again", tail.next());
        tail.done().cancel(true);
    }

    @Test
    void jsonAndSpaceDelimitedPatternsFilterTheTail() throws Exception {
        // Issue 14: Live Tail's logEventFilterPattern takes the filter pattern syntax FilterLogEvents takes.
        Tail json = Tail.start(clients.logsLiveTail(), "{ $.level = \"error\" && $.ms > 100 }");
        assertInstanceOf(LiveTailSessionStart.class, json.next());
        Tail fields = Tail.start(clients.logsLiveTail(), "[ip, ..., status = 5*]");
        assertInstanceOf(LiveTailSessionStart.class, fields.next());

        put("{\"level\":\"error\",\"ms\":50}", "{\"level\":\"error\",\"ms\":150}", "10.0.0.1 GET / 200",
                "10.0.0.1 GET /x 503");

        assertEquals("{\"level\":\"error\",\"ms\":150}", json.next());
        assertEquals("10.0.0.1 GET /x 503", fields.next());
        Thread.sleep(1500);
        assertTrue(json.seen().isEmpty() && fields.seen().isEmpty(), json.seen() + " " + fields.seen());
        json.done().cancel(true);
        fields.done().cancel(true);
    }

    @Test
    void anInvalidPatternIsRefusedBeforeTheStream() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> Tail.start(clients.logsLiveTail(), "{ $.level = }").done().join());
        InvalidParameterException invalid = assertInstanceOf(InvalidParameterException.class, e.getCause());
        assertTrue(invalid.getMessage().contains("{ $.level = }"), invalid.getMessage());
    }

    @Test
    void aDropFaultEndsTheSessionEarlyWithoutAnError() throws Exception {
        cloud.local().faults().add("logs", null, "drop", null, 1500L, 1);
        long started = System.nanoTime();
        Tail tail = Tail.start(clients.logsLiveTail(), null);
        assertInstanceOf(LiveTailSessionStart.class, tail.next());
        put("before the drop");
        assertEquals("before the drop", tail.next());

        tail.done().get(10, TimeUnit.SECONDS);
        long lasted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(lasted >= 1400 && lasted < 8000, "the session lasted " + lasted + " ms, not about 1500");
        assertTrue(tail.seen().isEmpty(), "nothing more arrived: " + tail.seen());

        // The rule was for one session: the next one lives on.
        Tail again = Tail.start(clients.logsLiveTail(), null);
        assertInstanceOf(LiveTailSessionStart.class, again.next());
        put("after the drop");
        assertEquals("after the drop", again.next());
        assertFalse(again.done().isDone(), "the second session ended early");
        again.done().cancel(true);
    }

    private void put(String... messages) {
        long now = System.currentTimeMillis();
        List<InputLogEvent> events = Arrays.stream(messages)
                .map(m -> InputLogEvent.builder().timestamp(now).message(m).build()).toList();
        clients.logs().putLogEvents(r -> r.logGroupName(GROUP).logStreamName("s1").logEvents(events));
    }
}
