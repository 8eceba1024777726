package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.ReportLine;
import dev.lamb.local.cloud.lambda.LambdaFixtures;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Lambda's own metrics in the local CloudWatch, read with the AWS CLI v2's get-metric-data: a known mix of invocations
 * (some failing, each sleeping a set time) gives exactly its Invocations and Errors, its Duration percentiles are the
 * REPORT lines' own (nearest rank over every invocation, the period the whole window, so no percentile is averaged),
 * a throttled invocation counts in Throttles, and an alias's invocation under Resource and ExecutedVersion (AWS/Lambda's
 * dimensions as the Lambda developer guide lists them).
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloudWatchLambdaIT {
    private static final String HANDLER = """
            import time

            def handle(event, context):
                time.sleep(event["sleep"] / 1000)
                if event.get("fail"):
                    raise Exception("failed on purpose")
                return {"ok": True}
            """;
    private static final int[] SLEEPS = {30, 50, 70, 90, 110, 130, 150};

    /** The cloud's CloudWatch, which the test waits on for the asynchronous event's figures. */
    static CloudWatchService cloudWatch;
    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> {
        LambdaService lambda = new LambdaService(data, engine.get(), arn -> true, Duration.ofMillis(100));
        cloudWatch = new CloudWatchService("us-east-1");
        lambda.onInvocation(cloudWatch.recorder()::invoked);
        lambda.onThrottle(cloudWatch.recorder()::throttled);
        lambda.onAsyncEvent(cloudWatch.recorder()::asyncEvent);
        return List.of(lambda, cloudWatch);
    });
    @TempDir
    static Path work;
    static LambdaClient lambda;

    @BeforeAll
    static void start() {
        RequiredTools.require("python3");
        RequiredTools.require(AwsCli.PATH);
        lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
    }

    @Test
    void invocationsErrorsDurationsAndThrottlesAreRecorded() {
        lambda.createFunction(r -> r.functionName("mix").runtime("python3.12").handler("handler.handle")
                .role("arn:aws:iam::000000000000:role/r").code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(HANDLER)))));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("mix"));
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        List<Double> reported = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < SLEEPS.length; i++) {
            boolean fail = i % 3 == 1;
            errors += fail ? 1 : 0;
            reported.add(invoke("mix", null, "{\"sleep\": " + SLEEPS[i] + ", \"fail\": " + fail + "}"));
        }
        String version = lambda.publishVersion(r -> r.functionName("mix")).version();
        lambda.createAlias(r -> r.functionName("mix").name("live").functionVersion(version));
        reported.add(invoke("mix", "live", "{\"sleep\": 40}"));
        // An event that fails, with no retry, whose failure record goes to a destination the local cloud does not serve.
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("mix").maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:sqs:us-east-1:000000000000:failures"))));
        lambda.invoke(r -> r.functionName("mix").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"sleep\": 1, \"fail\": true}")));
        errors++;
        awaitDatapoint("DestinationDeliveryFailures");
        lambda.putFunctionConcurrency(r -> r.functionName("mix").reservedConcurrentExecutions(0));
        // The SDK retries a 429: each attempt is a throttled invocation, as Lambda counts them.
        int throttled = assertThrows(TooManyRequestsException.class, () -> lambda.invoke(r -> r.functionName("mix")
                .payload(SdkBytes.fromUtf8String("{\"sleep\": 1}")))).numAttempts();

        // One window of ten minutes, and a period as long: each figure over the whole window, as lamb metrics asks.
        int window = 600;
        String queries = "[" + String.join(",", query("inv", "Invocations", "Sum", Map.of(), window),
                query("received", "AsyncEventsReceived", "Sum", Map.of(), window),
                query("age", "AsyncEventAge", "SampleCount", Map.of(), window),
                query("dropped", "AsyncEventsDropped", "Sum", Map.of(), window),
                query("undelivered", "DestinationDeliveryFailures", "Sum", Map.of(), window),
                query("err", "Errors", "Sum", Map.of(), window), query("thr", "Throttles", "Sum", Map.of(), window),
                query("p50", "Duration", "p50", Map.of(), window), query("p90", "Duration", "p90", Map.of(), window),
                query("max", "Duration", "Maximum", Map.of(), window),
                query("conc", "ConcurrentExecutions", "Maximum", Map.of(), window),
                query("alias", "Invocations", "Sum", Map.of("Resource", "mix:live"), window),
                query("executed", "Invocations", "Sum", Map.of("ExecutedVersion", version), window),
                "{\"Id\":\"rate\",\"Expression\":\"100 * err / inv\"}") + "]";
        JsonNode data = AwsCli.json(work, cloud.endpoint(), "cloudwatch", "get-metric-data", "--metric-data-queries", queries,
                "--start-time", start.toString(), "--end-time", start.plusSeconds(window).toString());
        Map<String, Double> figures = new HashMap<>();
        for (JsonNode r : data.path("MetricDataResults")) {
            assertEquals(1, r.path("Values").size(), r.toString());
            assertEquals(start, Instant.parse(r.path("Timestamps").get(0).asText()), r.toString());
            figures.put(r.path("Id").asText(), r.path("Values").get(0).asDouble());
        }
        int invocations = SLEEPS.length + 2;
        assertEquals(invocations, figures.get("inv"), data.toString());
        assertEquals(errors, figures.get("err"));
        assertEquals(1, figures.get("received"));
        assertEquals(1, figures.get("age"));
        assertEquals(1, figures.get("dropped"));
        assertEquals(1, figures.get("undelivered"));
        assertEquals(throttled, figures.get("thr"));
        assertEquals(100.0 * errors / invocations, figures.get("rate"), 1e-9);
        assertEquals(1, figures.get("conc"));
        assertEquals(1, figures.get("alias"));
        assertEquals(1, figures.get("executed"));
        List<Double> sorted = reported.stream().sorted().toList();
        // Nearest rank over the REPORT lines' durations, which print them to the hundredth of a millisecond; the asynchronous
        // event's (a 1 ms sleep) is the shortest of the nine, so the 5th and 9th are the synchronous ones' 4th and 8th.
        assertEquals(sorted.get(3), figures.get("p50"), 0.01, reported.toString());
        assertEquals(sorted.get(7), figures.get("p90"), 0.01, reported.toString());
        assertEquals(sorted.get(7), figures.get("max"), 0.01, reported.toString());
        assertTrue(figures.get("max") >= 150, reported.toString());
    }

    /** Waits for the asynchronous event's last figure: the queue settles it after the invocation returns. */
    private static void awaitDatapoint(String metric) {
        Metric m = Metric.of("AWS/Lambda", metric, Map.of("FunctionName", "mix"));
        Instant deadline = Instant.now().plusSeconds(30);
        while (cloudWatch.metrics().aggregates(m, Instant.now().minusSeconds(600), Instant.now().plusSeconds(60), 60, null).isEmpty()) {
            assertTrue(Instant.now().isBefore(deadline), "no " + metric + " datapoint in 30 s");
            Thread.onSpinWait();
        }
    }

    /** Invokes and returns the Duration its REPORT line gives. */
    private static double invoke(String function, String qualifier, String payload) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(function).qualifier(qualifier).logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(payload)));
        String log = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        return log.lines().map(ReportLine::parse).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new AssertionError("no REPORT line in " + log)).durationMs();
    }

    private static String query(String id, String metric, String stat, Map<String, String> more, int period) {
        StringBuilder dims = new StringBuilder("{\"Name\":\"FunctionName\",\"Value\":\"mix\"}");
        more.forEach((k, v) -> dims.append(",{\"Name\":\"").append(k).append("\",\"Value\":\"").append(v).append("\"}"));
        return "{\"Id\":\"" + id + "\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"" + metric
                + "\",\"Dimensions\":[" + dims + "]},\"Period\":" + period + ",\"Stat\":\"" + stat + "\"}}";
    }
}
