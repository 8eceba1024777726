package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloud;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Groups, streams, retention and events survive a new LogsService on the same data folder. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsPersistenceIT {
    @TempDir
    Path dataDir;

    @Test
    void stateSurvivesARestart() {
        long now = System.currentTimeMillis() - 10_000;
        List<FilteredLogEvent> before;
        try (LocalCloud cloud = LocalCloud.start(0, List.of(new LogsService(dataDir)));
                CloudWatchLogsClient logs = LogsSdkIT.client(cloud)) {
            logs.createLogGroup(r -> r.logGroupName("/keep"));
            logs.createLogGroup(r -> r.logGroupName("/drop"));
            logs.putRetentionPolicy(r -> r.logGroupName("/keep").retentionInDays(30));
            logs.createLogStream(r -> r.logGroupName("/keep").logStreamName("s"));
            logs.createLogStream(r -> r.logGroupName("/drop").logStreamName("s"));
            logs.putLogEvents(r -> r.logGroupName("/keep").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(now).message("first").build(),
                    InputLogEvent.builder().timestamp(now + 1).message("second").build()));
            logs.putLogEvents(r -> r.logGroupName("/drop").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(now).message("gone").build()));
            logs.deleteLogGroup(r -> r.logGroupName("/drop"));
            before = logs.filterLogEvents(r -> r.logGroupName("/keep")).events();
        }
        try (LocalCloud cloud = LocalCloud.start(0, List.of(new LogsService(dataDir)));
                CloudWatchLogsClient logs = LogsSdkIT.client(cloud)) {
            var groups = logs.describeLogGroups().logGroups();
            assertEquals(1, groups.size());
            assertEquals(30, groups.get(0).retentionInDays());
            List<FilteredLogEvent> after = logs.filterLogEvents(r -> r.logGroupName("/keep")).events();
            assertEquals(before, after, "same events, same eventIds");
            logs.putLogEvents(r -> r.logGroupName("/keep").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(now + 2).message("third").build()));
            var events = logs.getLogEvents(r -> r.logGroupName("/keep").logStreamName("s").startFromHead(true)).events();
            assertEquals(List.of("first", "second", "third"), events.stream().map(e -> e.message()).toList());
            var all = logs.filterLogEvents(r -> r.logGroupName("/keep")).events();
            assertEquals(3, all.stream().map(FilteredLogEvent::eventId).distinct().count(), "new eventIds do not reuse old ones");
            assertThrows(ResourceNotFoundException.class,
                    () -> logs.getLogEvents(r -> r.logGroupName("/drop").logStreamName("s")));
        }
    }
}
