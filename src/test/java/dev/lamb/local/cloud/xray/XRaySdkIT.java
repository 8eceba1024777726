package dev.lamb.local.cloud.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.Edge;
import software.amazon.awssdk.services.xray.model.InvalidRequestException;
import software.amazon.awssdk.services.xray.model.Service;
import software.amazon.awssdk.services.xray.model.TraceSummary;

/** The local X-Ray through the AWS SDK for Java v2, persistence included. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class XRaySdkIT {
    @TempDir
    static Path dataDir;
    static LocalCloud cloud;
    static XRayClient xray;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(0, List.of(new XRayService(dataDir)));
        xray = XRayClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build()).build();
    }

    @AfterAll
    static void stop() {
        if (xray != null) {
            xray.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    /**
     * Issue 14: GetServiceGraph as the X-Ray API reference describes it, from a trace shaped as Lambda writes one:
     * the AWS::Lambda service segment, and the function's segment whose parent it is, which calls S3 (a fault).
     */
    @Test
    void serviceGraphFromTheSegmentsRecorded() {
        long then = Instant.now().getEpochSecond() - 5000;
        String trace = XRayFixtures.traceId(then);
        var put = xray.putTraceSegments(r -> r.traceSegmentDocuments(
                "{\"name\":\"graph-fn\",\"id\":\"00000000000000a1\",\"trace_id\":\"" + trace + "\",\"start_time\":" + then
                        + ",\"end_time\":" + then + ".5,\"origin\":\"AWS::Lambda\"}",
                "{\"name\":\"graph-fn\",\"id\":\"00000000000000a2\",\"trace_id\":\"" + trace + "\",\"parent_id\":\"00000000000000a1\","
                        + "\"start_time\":" + then + ".1,\"end_time\":" + then + ".4,\"origin\":\"AWS::Lambda::Function\","
                        + "\"aws\":{\"account_id\":\"000000000000\"},\"subsegments\":[{\"id\":\"00000000000000a3\",\"name\":\"S3\","
                        + "\"namespace\":\"aws\",\"start_time\":" + then + ".2,\"end_time\":" + then + ".3,\"fault\":true}]}"));
        assertTrue(put.unprocessedTraceSegments().isEmpty(), put.toString());

        var graph = xray.getServiceGraph(r -> r.startTime(Instant.ofEpochSecond(then - 10)).endTime(Instant.ofEpochSecond(then + 10)));
        assertEquals(Instant.ofEpochSecond(then - 10), graph.startTime());
        Map<String, Service> byType = new HashMap<>();
        graph.services().forEach(svc -> byType.put(svc.type(), svc));
        assertEquals(Set.of("AWS::Lambda", "AWS::Lambda::Function", "AWS::S3"), byType.keySet(), graph.toString());
        Service lambda = byType.get("AWS::Lambda");
        Service function = byType.get("AWS::Lambda::Function");
        Service s3 = byType.get("AWS::S3");
        assertTrue(lambda.root());
        assertFalse(function.root());
        assertEquals("000000000000", function.accountId());
        assertEquals(List.of(function.referenceId()), lambda.edges().stream().map(Edge::referenceId).toList());
        assertEquals(List.of(s3.referenceId()), function.edges().stream().map(Edge::referenceId).toList());
        Edge toS3 = function.edges().get(0);
        assertEquals(1, toS3.summaryStatistics().faultStatistics().totalCount());
        assertEquals(0, toS3.summaryStatistics().okCount());
        assertEquals(0.1, toS3.summaryStatistics().totalResponseTime(), 1e-6);
        assertEquals(1L, lambda.summaryStatistics().okCount());
        assertEquals(0.5, lambda.summaryStatistics().totalResponseTime(), 1e-6);
        assertEquals(0, xray.getServiceGraph(r -> r.startTime(Instant.ofEpochSecond(then - 1000))
                .endTime(Instant.ofEpochSecond(then - 900))).services().size(), "outside the time range");
    }

    @Test
    void putsSummarizesGetsAndKeepsTraces() {
        long now = Instant.now().getEpochSecond();
        String ok = XRayFixtures.traceId(now);
        String failing = XRayFixtures.traceId(now);
        var put = xray.putTraceSegments(r -> r.traceSegmentDocuments(
                "{\"name\":\"sdk-svc\",\"id\":\"0000000000000001\",\"trace_id\":\"" + ok + "\",\"start_time\":" + now
                        + ",\"end_time\":" + now + ".25}",
                "{\"name\":\"sdk-other\",\"id\":\"0000000000000002\",\"trace_id\":\"" + failing + "\",\"start_time\":"
                        + now + ",\"end_time\":" + now + ".5,\"error\":true}"));
        assertTrue(put.unprocessedTraceSegments().isEmpty(), put.toString());

        List<TraceSummary> all = xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(now - 10))
                .endTime(Instant.ofEpochSecond(now + 10))).traceSummaries();
        assertEquals(2, all.size());
        TraceSummary first = all.stream().filter(s -> s.id().equals(ok)).findFirst().orElseThrow();
        assertEquals(0.25, first.duration(), 1e-6);
        assertFalse(first.hasError());
        assertEquals("sdk-svc", first.entryPoint().name());

        List<TraceSummary> filtered = xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(now - 10))
                .endTime(Instant.ofEpochSecond(now + 10)).filterExpression("service(\"sdk-other\")")).traceSummaries();
        assertEquals(List.of(failing), filtered.stream().map(TraceSummary::id).toList());
        assertTrue(filtered.get(0).hasError());
        List<TraceSummary> errors = xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(now - 10))
                .endTime(Instant.ofEpochSecond(now + 10)).filterExpression("error AND duration > 0.3")).traceSummaries();
        assertEquals(1, errors.size());
        assertEquals(0, xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(now - 1000))
                .endTime(Instant.ofEpochSecond(now - 900))).traceSummaries().size(), "outside the time range");

        InvalidRequestException unsupported = assertThrows(InvalidRequestException.class,
                () -> xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(now - 10))
                        .endTime(Instant.ofEpochSecond(now + 10)).filterExpression("http.url CONTAINS \"x\"")));
        assertEquals(400, unsupported.statusCode());
        assertTrue(unsupported.awsErrorDetails().errorMessage().contains("http.url"), unsupported.getMessage());

        var traces = xray.batchGetTraces(r -> r.traceIds(ok, failing));
        assertEquals(2, traces.traces().size());
        assertTrue(traces.traces().stream().anyMatch(t -> t.id().equals(ok)
                && t.segments().get(0).document().contains("\"sdk-svc\"")));

        XRayService reopened = new XRayService(dataDir);
        try (LocalCloud again = LocalCloud.start(0, List.of(reopened));
                XRayClient client = XRayClient.builder().endpointOverride(URI.create(again.endpoint())).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(Apache5HttpClient.builder().build()).build()) {
            var kept = client.batchGetTraces(r -> r.traceIds(ok, failing));
            assertEquals(2, kept.traces().size(), "traces survive a new XRayService on the same data dir");
            assertEquals(2, client.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(now - 10))
                    .endTime(Instant.ofEpochSecond(now + 10))).traceSummaries().size());
        }
    }
}
