package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloud;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Issue 12, section 4: an acknowledged PutLogEvents survives a crash (kill -9 mid-write leaves a cut-off
 * last line) and a write that fails answers 500 and leaves no trace.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsDurabilityIT {
    @TempDir
    Path dataDir;

    private final long now = System.currentTimeMillis() - 60_000;

    private void withLogs(Consumer<CloudWatchLogsClient> use) {
        try (LocalCloud cloud = LocalCloud.start(0, List.of(new LogsService(dataDir)));
                CloudWatchLogsClient logs = LogsSdkIT.client(cloud)) {
            use.accept(logs);
        }
    }

    private void putBatch(CloudWatchLogsClient logs, String stream, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (String m : messages) {
            events.add(InputLogEvent.builder().timestamp(now + events.size()).message(m).build());
        }
        logs.putLogEvents(r -> r.logGroupName("/g").logStreamName(stream).logEvents(events));
    }

    private Path onlyEventsFile() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("logs").resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }

    @Test
    void aLineCutOffByACrashSwallowsNoAcknowledgedEvent() throws IOException {
        withLogs(logs -> {
            logs.createLogGroup(r -> r.logGroupName("/g"));
            logs.createLogStream(r -> r.logGroupName("/g").logStreamName("s"));
            putBatch(logs, "s", "a1", "a2", "a3");
            putBatch(logs, "s", "b1", "b2", "b3");
        });
        // kill -9 in the middle of writing a batch that was never acknowledged: half a line, no newline.
        Files.writeString(onlyEventsFile(), "[{\"t\":" + now + ",\"i\":" + now + ",\"s\":9999,\"m\":\"never acknow",
                StandardOpenOption.APPEND);
        withLogs(logs -> putBatch(logs, "s", "c1", "c2", "c3"));
        withLogs(logs -> {
            List<String> messages = logs.filterLogEvents(r -> r.logGroupName("/g")).events().stream()
                    .map(FilteredLogEvent::message).sorted().toList();
            assertEquals(List.of("a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"), messages,
                    "all 9 acknowledged events, and nothing of the batch cut short");
        });
    }

    @Test
    void aFailedWriteAnswers500AndLeavesNoTrace() throws IOException {
        withLogs(logs -> {
            logs.createLogGroup(r -> r.logGroupName("/g"));
            logs.createLogStream(r -> r.logGroupName("/g").logStreamName("s"));
            putBatch(logs, "s", "kept");
            String token = logs.describeLogStreams(r -> r.logGroupName("/g")).logStreams().get(0).uploadSequenceToken();
            // The disk refuses the next write: where the stream's file must be appended to stands a folder.
            byte[] kept = swap(null);
            SdkServiceException failed = assertThrows(SdkServiceException.class, () -> putBatch(logs, "s", "lost"));
            assertEquals(500, failed.statusCode());
            swap(kept);
            var stream = logs.describeLogStreams(r -> r.logGroupName("/g")).logStreams().get(0);
            assertEquals(now, stream.lastEventTimestamp(), "the summary does not count the failed batch");
            assertEquals(token, stream.uploadSequenceToken(), "the failed batch was not acknowledged");
            putBatch(logs, "s", "later");
        });
        withLogs(logs -> {
            List<String> messages = logs.getLogEvents(r -> r.logGroupName("/g").logStreamName("s").startFromHead(true))
                    .events().stream().map(e -> e.message()).toList();
            assertEquals(List.of("kept", "later"), messages);
        });
        assertFalse(Files.readString(onlyEventsFile(), StandardCharsets.UTF_8).contains("lost"));
    }

    @Test
    void aGroupsRetentionDeletesExpiredEventsFromDisk() throws IOException {
        long day = 86_400_000L;
        withLogs(logs -> {
            logs.createLogGroup(r -> r.logGroupName("/g"));
            logs.createLogStream(r -> r.logGroupName("/g").logStreamName("mixed"));
            logs.createLogStream(r -> r.logGroupName("/g").logStreamName("old"));
            logs.putLogEvents(r -> r.logGroupName("/g").logStreamName("mixed").logEvents(
                    InputLogEvent.builder().timestamp(now - 10 * day).message("expired").build()));
            logs.putLogEvents(r -> r.logGroupName("/g").logStreamName("mixed").logEvents(
                    InputLogEvent.builder().timestamp(now).message("fresh").build()));
            logs.putLogEvents(r -> r.logGroupName("/g").logStreamName("old").logEvents(
                    InputLogEvent.builder().timestamp(now - 9 * day).message("expired too").build()));
            // CloudWatch Logs' retention: events older than the group's retentionInDays are deleted.
            logs.putRetentionPolicy(r -> r.logGroupName("/g").retentionInDays(7));
        });
        String kept;
        try (Stream<Path> files = Files.list(dataDir.resolve("logs").resolve("events"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.toList()) {
                all.append(Files.readString(f));
            }
            kept = all.toString();
        }
        assertFalse(kept.contains("expired"), "expired events are gone from disk: " + kept);
        assertTrue(kept.contains("fresh"));
        withLogs(logs -> {
            putBatch(logs, "mixed", "later");
            List<FilteredLogEvent> events = logs.filterLogEvents(r -> r.logGroupName("/g")).events();
            assertEquals(List.of("fresh", "later"), events.stream().map(FilteredLogEvent::message).toList());
            assertEquals(2, events.stream().map(FilteredLogEvent::eventId).distinct().count(), "eventIds stay unique");
        });
    }

    /** Puts a folder where the stream's file was (returning its bytes), or the file back in place of the folder. */
    private byte[] swap(byte[] content) {
        try {
            Path file = onlyEventsFile();
            if (content == null) {
                byte[] kept = Files.readAllBytes(file);
                Files.delete(file);
                Files.createDirectories(file.resolve("in-the-way"));
                return kept;
            }
            Files.delete(file.resolve("in-the-way"));
            Files.delete(file);
            Files.write(file, content);
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
