package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.InvocationLimits;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Issue 12, section 3: past its concurrency limits the local cloud throttles Invoke as Lambda does (429
 * TooManyRequestsException with a Reason, from botocore's model of Lambda), after a short queue, and
 * never runs an invocation twice because it was slow.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaConcurrencyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    // Control-plane requests are SigV4-signed by every client; the local cloud reads only the region.
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host, Signature=0";
    private static final String SLOW = """
            import time

            def handle(event, context):
                time.sleep(event.get("seconds", 3))
                return {"slept": event.get("seconds", 3)}
            """;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;
    static LocalEngine engine;
    static LocalCloud cloud;
    static LambdaClient lambda;
    static final ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        RequiredTools.require("python3");
        engine = new LocalEngine(notice -> {}, 50);
        // Four instances a function, four more waiting at most a second: small enough to reach in a test.
        LambdaService service = new LambdaService(dataDir, engine, arn -> true, Duration.ZERO,
                new InvocationLimits(4, 50, 4, Duration.ofSeconds(1)));
        service.onInvocation(inv -> runs.computeIfAbsent(inv.functionName(), k -> new AtomicInteger()).incrementAndGet());
        cloud = LocalCloud.start(0, List.of(service));
        lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static void create(String name) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.handle").role(ROLE)
                .timeout(30).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(SLOW)))));
    }

    private static int runsOf(String name) {
        return runs.getOrDefault(name, new AtomicInteger()).get();
    }

    @Test
    void sixteenCliInvokesOfASlowFunctionEachRunOnceOrAreThrottled() throws Exception {
        RequiredTools.require(AwsCli.PATH);
        create("cli-slow");
        // A client that gives up after 8 s and sends again, as the CLI did after 60 s under load in the issue:
        // no invocation may wait that long, so none runs twice.
        List<CompletableFuture<Processes.Result>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String out = "out-" + i + ".json";
            calls.add(CompletableFuture.supplyAsync(() -> AwsCli.run(work, cloud.endpoint(), "lambda", "invoke",
                    "--function-name", "cli-slow", "--cli-binary-format", "raw-in-base64-out", "--payload", "{\"seconds\": 3}",
                    "--cli-read-timeout", "8", out)));
        }
        int succeeded = 0;
        int throttled = 0;
        for (int i = 0; i < calls.size(); i++) {
            Processes.Result result = calls.get(i).join();
            if (result.exitCode() == 0) {
                succeeded++;
                assertEquals(3, JSON.readTree(Files.readString(work.resolve("out-" + i + ".json"))).get("slept").asInt());
            } else {
                throttled++;
                assertTrue(result.output().contains("TooManyRequestsException"), result.output());
            }
        }
        assertEquals(16, succeeded + throttled);
        assertEquals(succeeded, runsOf("cli-slow"), "every run answered, and only once: " + succeeded + " succeeded, "
                + throttled + " throttled");
    }

    @Test
    void pastTheLimitAndTheQueueInvokeAnswers429PromptlyInLambdasShape() throws Exception {
        create("busy");
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            running.add(http.sendAsync(invoke("busy", "{\"seconds\": 4}"), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(500);
        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(invoke("busy", "{\"seconds\": 0}"), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        // botocore's lambda model: TooManyRequestsException is a 429 with Type, message and Reason members.
        assertEquals(429, answer.statusCode(), answer.body());
        assertEquals("TooManyRequestsException", answer.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("User", body.get("Type").asText());
        assertEquals("Rate Exceeded.", body.get("message").asText());
        assertEquals("ConcurrentInvocationLimitExceeded", body.get("Reason").asText());
        assertTrue(millis < 1500, "throttled after " + millis + " ms: four running and four queued, so no wait");
        running.forEach(CompletableFuture::join);
        assertEquals(8, runs.getOrDefault("busy", new AtomicInteger()).get()
                + running.stream().filter(r -> r.join().statusCode() == 429).count(), "each of the 8 ran or was throttled");
    }

    @Test
    void reservedConcurrencyIsTheFunctionsOwnLimit() {
        create("reserved");
        assertEquals(0, lambda.putFunctionConcurrency(r -> r.functionName("reserved").reservedConcurrentExecutions(0))
                .reservedConcurrentExecutions());
        assertEquals(0, lambda.getFunctionConcurrency(r -> r.functionName("reserved")).reservedConcurrentExecutions());
        assertEquals(0, lambda.getFunction(r -> r.functionName("reserved")).concurrency().reservedConcurrentExecutions());

        TooManyRequestsException e = assertThrows(TooManyRequestsException.class,
                () -> lambda.invoke(r -> r.functionName("reserved").payload(SdkBytes.fromUtf8String("{\"seconds\": 0}"))));
        assertEquals(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED, e.reason());
        assertEquals(429, e.statusCode());

        lambda.deleteFunctionConcurrency(r -> r.functionName("reserved"));
        assertEquals(null, lambda.getFunctionConcurrency(r -> r.functionName("reserved")).reservedConcurrentExecutions());
        assertEquals(200, lambda.invoke(r -> r.functionName("reserved").payload(SdkBytes.fromUtf8String("{\"seconds\": 0}")))
                .statusCode());
    }

    private static HttpRequest invoke(String function, String payload) {
        return HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/2015-03-31/functions/" + function + "/invocations"))
                .header("Authorization", SIGNED).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
    }
}
