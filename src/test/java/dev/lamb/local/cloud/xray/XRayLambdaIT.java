package dev.lamb.local.cloud.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.cloud.lambda.LambdaInvocation;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.Trace;
import software.amazon.awssdk.services.xray.model.TraceSummary;

/** Traces Lambda writes for a function with Active tracing, run on the real engine. */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class XRayLambdaIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HANDLER = """
            def greet(event, context):
                return {"greeting": "Hello, " + event.get("name", "nobody") + "!"}

            def fail(event, context):
                raise ValueError("Handler fails")
            """;

    @TempDir
    static Path dataDir;
    static LocalEngine engine;
    static LocalCloud cloud;
    static LambdaClient lambda;
    static XRayClient xray;
    static final BlockingQueue<LambdaInvocation> invocations = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        RequiredTools.require("python3");
        engine = new LocalEngine(notice -> {});
        LambdaService service = new LambdaService(dataDir, engine, Set.of(ROLE)::contains, Duration.ofMillis(100));
        XRayService traces = new XRayService(dataDir);
        service.onInvocation(traces::record);
        service.onInvocation(invocations::add);
        cloud = LocalCloud.start(0, List.of(service, traces));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(Apache5HttpClient.builder().socketTimeout(Duration.ofMinutes(2)).build())
                .build();
        xray = XRayClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(Apache5HttpClient.builder().build()).build();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {lambda, xray, cloud, engine}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    private static void create(String name, String handler, TracingMode mode) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler(handler).role(ROLE)
                .tracingConfig(t -> t.mode(mode))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(XRayFixtures.pythonZip(HANDLER)))));
        lambda.waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName(name).build());
    }

    private static LambdaInvocation invoke(String name) throws InterruptedException {
        lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{\"name\":\"Ada\"}")));
        LambdaInvocation inv = invocations.poll(30, TimeUnit.SECONDS);
        assertNotNull(inv, "the invocation was reported");
        return inv;
    }

    private static JsonNode segment(Trace trace, String origin) throws Exception {
        for (var s : trace.segments()) {
            JsonNode doc = JSON.readTree(s.document());
            if (origin.equals(doc.path("origin").asText())) {
                return doc;
            }
        }
        throw new AssertionError("no " + origin + " segment in " + trace);
    }

    private static JsonNode subsegment(JsonNode function, String name) {
        for (JsonNode sub : function.path("subsegments")) {
            if (name.equals(sub.path("name").asText())) {
                return sub;
            }
        }
        return null;
    }

    private static double ms(JsonNode s) {
        return (s.path("end_time").asDouble() - s.path("start_time").asDouble()) * 1000;
    }

    @Test
    void coldAndWarmInvocationsRecordLambdasTraces() throws Exception {
        long from = Instant.now().getEpochSecond() - 5;
        create("traced", "handler.greet", TracingMode.ACTIVE);
        LambdaInvocation cold = invoke("traced");
        LambdaInvocation warm = invoke("traced");
        assertNotNull(cold.result().report().initDurationMs(), "the first invoke is cold");
        assertNull(warm.result().report().initDurationMs(), "the second invoke is warm");

        List<TraceSummary> summaries = new ArrayList<>(xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(from))
                .endTime(Instant.now().plusSeconds(5)).filterExpression("service(\"traced\")")).traceSummaries());
        assertEquals(2, summaries.size(), summaries.toString());
        summaries.sort(Comparator.comparing(TraceSummary::startTime));
        for (TraceSummary s : summaries) {
            assertTrue(s.id().matches("1-[0-9a-f]{8}-[0-9a-f]{24}"), s.id());
            assertFalse(s.hasError() || s.hasFault());
            assertEquals("AWS::Lambda", s.entryPoint().type());
            assertEquals(Set.of("AWS::Lambda", "AWS::Lambda::Function"),
                    Set.copyOf(s.serviceIds().stream().map(id -> id.type()).toList()));
        }
        List<Trace> traces = new ArrayList<>(xray.batchGetTraces(r -> r.traceIds(summaries.get(0).id(), summaries.get(1).id()))
                .traces());
        traces.sort(Comparator.comparing(t -> summaries.get(0).id().equals(t.id()) ? 0 : 1));

        JsonNode coldService = segment(traces.get(0), "AWS::Lambda");
        JsonNode coldFunction = segment(traces.get(0), "AWS::Lambda::Function");
        assertEquals(coldService.path("id").asText(), coldFunction.path("parent_id").asText());
        assertEquals(cold.result().requestId(), coldService.path("aws").path("request_id").asText());
        assertEquals(cold.functionArn(), coldFunction.path("aws").path("function_arn").asText());
        assertEquals(cold.started().toEpochMilli() / 1000.0, coldService.path("start_time").asDouble(), 0.001);
        JsonNode init = subsegment(coldFunction, "Initialization");
        assertNotNull(init, "a cold start has an Initialization subsegment");
        assertEquals(cold.result().report().initDurationMs(), ms(init), 1.0);
        assertEquals(cold.result().report().durationMs(), ms(subsegment(coldFunction, "Invocation")), 1.0);
        assertNotNull(subsegment(coldFunction, "Overhead"));

        JsonNode warmFunction = segment(traces.get(1), "AWS::Lambda::Function");
        assertNull(subsegment(warmFunction, "Initialization"), "a warm invoke has no Initialization");
        assertEquals(warm.result().report().durationMs(), ms(subsegment(warmFunction, "Invocation")), 1.0);
        assertNotNull(subsegment(warmFunction, "Overhead"));
        assertEquals(summaries.get(1).id(), traces.get(1).id());
        assertTrue(summaries.get(1).id().substring(2, 10).equals(String.format("%08x", warm.started().getEpochSecond())));

        XRayService reopened = new XRayService(dataDir);
        try (LocalCloud again = LocalCloud.start(0, List.of(reopened));
                XRayClient client = XRayClient.builder().endpointOverride(URI.create(again.endpoint())).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(Apache5HttpClient.builder().build()).build()) {
            assertEquals(2, client.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(from))
                    .endTime(Instant.now().plusSeconds(5)).filterExpression("service(\"traced\")")).traceSummaries().size());
        }
    }

    @Test
    void failedInvocationIsAFaultAndUntracedFunctionsLeaveNoTrace() throws Exception {
        long from = Instant.now().getEpochSecond() - 5;
        create("traced-fail", "handler.fail", TracingMode.ACTIVE);
        LambdaInvocation failed = invoke("traced-fail");
        assertNotNull(failed.result().functionError());
        create("untraced", "handler.greet", TracingMode.PASS_THROUGH);
        invoke("untraced");

        List<TraceSummary> faults = xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(from))
                .endTime(Instant.now().plusSeconds(5)).filterExpression("service(\"traced-fail\") AND fault")).traceSummaries();
        assertEquals(1, faults.size());
        assertTrue(faults.get(0).hasFault());
        Trace trace = xray.batchGetTraces(r -> r.traceIds(faults.get(0).id())).traces().get(0);
        JsonNode invocation = subsegment(segment(trace, "AWS::Lambda::Function"), "Invocation");
        assertTrue(invocation.path("fault").asBoolean());
        assertEquals("ValueError", invocation.path("cause").path("exceptions").get(0).path("type").asText());
        assertEquals(0, xray.getTraceSummaries(r -> r.startTime(Instant.ofEpochSecond(from))
                .endTime(Instant.now().plusSeconds(5)).filterExpression("service(\"untraced\")")).traceSummaries().size());
    }
}
