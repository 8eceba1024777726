package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.KillBurst;
import dev.lamb.testing.Ports;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Issue 12, section 4: a cloud killed with SIGKILL while PutLogEvents batches arrive keeps every batch it
 * acknowledged, and of the batches it did not, at most the one in flight, whole.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsKillIT {
    @TempDir
    Path data;

    private static CloudWatchLogsClient client(int port) {
        return CloudWatchLogsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
    }

    @Test
    void killMinus9KeepsEveryAcknowledgedBatch() throws Exception {
        LocalCloudHome home = new LocalCloudHome(data);
        int port = Ports.free();
        long pid = home.startDetached(port, LocalCloudHome.thisLamb()).running().pid();
        long now = System.currentTimeMillis() - 60_000;
        KillBurst burst;
        try (CloudWatchLogsClient logs = client(port)) {
            logs.createLogGroup(r -> r.logGroupName("/kill"));
            logs.createLogStream(r -> r.logGroupName("/kill").logStreamName("s"));
            burst = KillBurst.run(pid, 20, Integer::toString, batch -> {
                List<InputLogEvent> events = new ArrayList<>();
                for (int e = 0; e < 20; e++) {
                    events.add(InputLogEvent.builder().timestamp(now).message(batch + "/" + e + " " + "x".repeat(2000)).build());
                }
                logs.putLogEvents(r -> r.logGroupName("/kill").logStreamName("s").logEvents(events));
            });
        }
        Set<String> acknowledged = new HashSet<>(burst.acknowledged());
        String inFlight = burst.inFlight();
        assertTrue(acknowledged.size() > 5, "enough batches were acknowledged before the kill: " + acknowledged.size());
        int restarted = Ports.free();
        try (CloudWatchLogsClient logs = client(restarted)) {
            home.startDetached(restarted, LocalCloudHome.thisLamb());
            // An append after the restart must not be swallowed by whatever the kill left at the end of the file.
            logs.putLogEvents(r -> r.logGroupName("/kill").logStreamName("s").logEvents(InputLogEvent.builder()
                    .timestamp(now).message("after/0").build()));
            acknowledged.add("after");
            List<FilteredLogEvent> kept = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = logs.filterLogEvents(r -> r.logGroupName("/kill").nextToken(next));
                kept.addAll(page.events());
                token = page.nextToken();
            } while (token != null);
            Map<String, Integer> perBatch = new HashMap<>();
            kept.forEach(e -> perBatch.merge(e.message().substring(0, e.message().indexOf('/')), 1, Integer::sum));
            for (String batch : acknowledged) {
                assertEquals(batch.equals("after") ? 1 : 20, perBatch.getOrDefault(batch, 0), "acknowledged batch " + batch + " is whole");
            }
            Set<String> unacknowledged = new HashSet<>(perBatch.keySet());
            unacknowledged.removeAll(acknowledged);
            assertTrue(burst.onlyInFlight(unacknowledged) && (unacknowledged.isEmpty() || perBatch.get(inFlight) == 20),
                    "only the batch in flight may be there unacknowledged, and whole: " + unacknowledged);
        } finally {
            home.stop();
        }
    }
}
