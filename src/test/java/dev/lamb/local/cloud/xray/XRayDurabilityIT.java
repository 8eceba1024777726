package dev.lamb.local.cloud.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * Issue 12, section 4: traces are kept on disk for X-Ray's 30 days (the API reference: "trace data is
 * retained for 30 days"), and a batch cut short by a crash does not swallow the next one.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class XRayDurabilityIT {
    @TempDir
    Path dataDir;

    private void withXRay(Consumer<XRayClient> use) {
        try (LocalCloud cloud = LocalCloud.start(0, List.of(new XRayService(dataDir)));
                XRayClient xray = XRayClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(Apache5HttpClient.builder().build()).build()) {
            use.accept(xray);
        }
    }

    private static String segment(String traceId, String id, long start) {
        return "{\"name\":\"svc\",\"id\":\"" + id + "\",\"trace_id\":\"" + traceId + "\",\"start_time\":" + start
                + ",\"end_time\":" + start + ".5}";
    }

    private static Path dayFile(Path dataDir, long epochSeconds) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
        return dataDir.resolve("xray").resolve("segments-" + day + ".jsonl");
    }

    @Test
    void tracesOlderThan30DaysAreDeleted() throws IOException {
        long now = Instant.now().getEpochSecond();
        long old = now - 40 * 86_400;
        String oldTrace = XRayFixtures.traceId(old);
        String newTrace = XRayFixtures.traceId(now);
        Files.createDirectories(dataDir.resolve("xray"));
        // What a cloud that ran 40 days ago left behind.
        Files.writeString(dayFile(dataDir, old), "[" + segment(oldTrace, "00000000000000a1", old) + "]\n");
        withXRay(xray -> {
            xray.putTraceSegments(r -> r.traceSegmentDocuments(segment(newTrace, "00000000000000b1", now)));
            var got = xray.batchGetTraces(r -> r.traceIds(oldTrace, newTrace));
            assertEquals(List.of(newTrace), got.traces().stream().map(t -> t.id()).toList());
            assertEquals(List.of(oldTrace), got.unprocessedTraceIds());
        });
        assertFalse(Files.exists(dayFile(dataDir, old)), "the expired day is deleted from disk");
        assertTrue(Files.exists(dayFile(dataDir, now)));
    }

    @Test
    void aBatchCutShortByACrashSwallowsNoLaterBatch() throws IOException {
        long now = Instant.now().getEpochSecond();
        String first = XRayFixtures.traceId(now);
        String second = XRayFixtures.traceId(now);
        withXRay(xray -> xray.putTraceSegments(r -> r.traceSegmentDocuments(segment(first, "00000000000000c1", now))));
        Files.writeString(dayFile(dataDir, now), "[{\"name\":\"half", StandardOpenOption.APPEND);
        withXRay(xray -> xray.putTraceSegments(r -> r.traceSegmentDocuments(segment(second, "00000000000000c2", now))));
        withXRay(xray -> assertEquals(2, xray.batchGetTraces(r -> r.traceIds(first, second)).traces().size()));
    }
}
