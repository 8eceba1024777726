package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.BackgroundSync;
import dev.lamb.local.cloud.InvocationLimits;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * README (local cloud, durable): a write that fails answers 500. A function's file is synced after the answer, so a
 * sync that fails (here through BackgroundSync's seam for the disk's sync: no disk fails on demand) makes the next
 * change answer 500 with Lambda's ServiceException (botocore's lambda service-2.json: 500, ServiceException), naming the
 * disk's error, to the Java SDK and the AWS CLI v2 alike; the health answer counts the failed store.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaSyncFailureIT {
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    private static final AtomicBoolean DISK_FAILS = new AtomicBoolean();
    private static BackgroundSync syncer;

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> {
        syncer = new BackgroundSync("test Lambda functions", file -> {
            if (DISK_FAILS.get()) {
                throw new IOException("Input/output error");
            }
        }, line -> { });
        return List.of(new LambdaService(new FunctionStore(data, new CodeUnpacker(), syncer), "us-east-1", engine.get(),
                arn -> true, Duration.ZERO, InvocationLimits.defaults()));
    });
    @TempDir
    static Path work;

    @Test
    void aChangeAfterAFailedSyncAnswers500NamingTheDisksError() throws Exception {
        RequiredTools.require(AwsCli.PATH);
        byte[] zip = LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1);
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            DISK_FAILS.set(true);
            lambda.createFunction(r -> r.functionName("first").runtime(Runtime.PYTHON3_12).handler("handler.greet").role(ROLE)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
            syncer.awaitSynced(Duration.ofSeconds(10));

            LambdaException e = assertThrows(LambdaException.class, () -> lambda.tagResource(r -> r
                    .resource(lambda.getFunction(g -> g.functionName("first")).configuration().functionArn()).tags(Map.of("k", "v"))));
            assertEquals(500, e.statusCode());
            assertEquals("ServiceException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("first.json to disk: Input/output error"), e.getMessage());
            assertEquals(Map.of(), lambda.listTags(r -> r.resource(lambda.getFunction(g -> g.functionName("first"))
                    .configuration().functionArn())).tags(), "the refused change is not kept in memory either");
        }

        Processes.Result cli = AwsCli.run(work, cloud.endpoint(), Map.of("AWS_MAX_ATTEMPTS", "1"),
                "lambda", "delete-function", "--function-name", "first");
        assertTrue(cli.exitCode() != 0, cli.output());
        assertTrue(cli.output().contains("(ServiceException)") && cli.output().contains("Input/output error"), cli.output());
        assertEquals(0, AwsCli.json(work, cloud.endpoint(), "lambda", "list-functions").path("Functions").size() - 1,
                "the function whose deletion was refused is still there");

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/_lamb/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(1, new ObjectMapper().readTree(health.body()).path("functionStoresFailed").asInt(), health.body());
    }

    /**
     * Tests run several clouds per JVM: each cloud's Lambda syncs its own functions, so one cloud's close waits for
     * its own changes only, not for another's stuck on its disk (a sync that hangs, through the same seam).
     */
    @Test
    void twoCloudsInOneJvmCloseIndependently(@TempDir Path dirs) throws Exception {
        RequiredTools.require("python3");
        CountDownLatch stuckDisk = new CountDownLatch(1);
        BackgroundSync stuck = new BackgroundSync("the stuck cloud's functions", file -> {
            try {
                stuckDisk.await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("interrupted");
            }
        }, line -> { });
        LocalEngine stuckEngine = new LocalEngine(notice -> { });
        LocalCloud stuckCloud = LocalCloud.start(0, List.of(new LambdaService(new FunctionStore(dirs.resolve("stuck"), new CodeUnpacker(),
                stuck), "us-east-1", stuckEngine, arn -> true, Duration.ZERO, InvocationLimits.defaults())));
        try (LocalEngine engine = new LocalEngine(notice -> { })) {
            LocalCloud cloud = LocalCloud.start(0, List.of(new LambdaService(dirs.resolve("free"), engine, arn -> true, Duration.ZERO)));
            create(stuckCloud.endpoint(), "waits-for-its-disk");
            create(cloud.endpoint(), "synced");

            assertTimeoutPreemptively(Duration.ofSeconds(5), cloud::close, "this cloud's close does not wait for the other's disk");
            assertEquals(List.of(dirs.resolve("stuck/lambda/functions/waits-for-its-disk.json")), stuck.awaitSynced(Duration.ZERO),
                    "while the other cloud's change is still being synced");
        } finally {
            stuckDisk.countDown();
            stuckCloud.close();
            stuckEngine.close();
        }
    }

    private static void create(String endpoint, String name) {
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.greet").role(ROLE)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1)))));
        }
    }
}
