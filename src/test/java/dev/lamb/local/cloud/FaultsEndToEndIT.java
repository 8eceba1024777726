package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.aws.AwsErrors;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Faults as clients see them: the Java SDK through lamb's client factory, the AWS CLI, plain HTTP. */
class FaultsEndToEndIT {
    @RegisterExtension
    final DeployedCloud cloud = DeployedCloud.perTest();

    @TempDir
    Path work;

    @Test
    void theSdkRetriesAThrottleAndGivesUpOnEndlessOnes() {
        FaultsClient admin = new FaultsClient(cloud.endpoint());
        admin.add("lambda", "GET .*/functions/?$", "throttle", null, null, 1);
        cloud.aws().lambda().listFunctions();
        Map<String, Object> spent = admin.list().get(0);
        assertEquals(1, spent.get("fired"), spent.toString());
        assertEquals(true, spent.get("spent"), spent.toString());

        admin.clear();
        admin.add("lambda", null, "throttle", null, null, null);
        TooManyRequestsException e = assertThrows(TooManyRequestsException.class, () -> cloud.aws().lambda().listFunctions());
        assertEquals(429, e.statusCode());
        assertEquals(ExitCode.THROTTLED, AwsErrors.translate(e).exitCode());
        assertTrue((Integer) admin.list().get(0).get("fired") > 1, "the SDK retried: " + admin.list());
    }

    @Test
    void throttlingCarriesRetryAfterAndLatencyDelays() throws Exception {
        FaultsClient admin = new FaultsClient(cloud.endpoint());
        admin.add("lambda", null, "throttle", null, null, 1);
        HttpResponse<String> throttled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/2015-03-31/functions/")).header("Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=x").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(429, throttled.statusCode());
        assertEquals("1", throttled.headers().firstValue("Retry-After").orElse(null));
        assertTrue(throttled.body().contains("TooManyRequestsException"), throttled.body());

        admin.add("lambda", null, "latency", null, 300L, null);
        long started = System.nanoTime();
        cloud.aws().lambda().listFunctions();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 300, "took " + tookMillis + " ms");
    }

    @Test
    void theAwsCliSeesIamThrottlingAndLogsErrors() {
        Path aws = RequiredTools.require("/usr/bin/aws");
        FaultsClient admin = new FaultsClient(cloud.endpoint());
        admin.add("iam", "GetRole", "throttle", null, null, null);
        Processes.Result role = aws(aws, "iam", "get-role", "--role-name", "nobody");
        assertEquals(254, role.exitCode(), role.output());
        assertTrue(role.output().contains("Throttling"), role.output());

        admin.add("logs", null, "error", 1.0, null, null);
        Processes.Result groups = aws(aws, "logs", "describe-log-groups");
        assertEquals(254, groups.exitCode(), groups.output());
        assertTrue(groups.output().contains("ServiceException") || groups.output().contains("ServiceUnavailableException"),
                groups.output());
    }

    /**
     * Issue 14: STS takes faults as every other service the cloud serves does. A throttled call answers the STS
     * model's throttling code for a query service, {@code Throttling} (429), which the AWS CLI names and the Java SDK
     * raises once it stops retrying.
     */
    @Test
    void stsCallsAreThrottledForTheAwsCliAndTheJavaSdk() {
        Path aws = RequiredTools.require("/usr/bin/aws");
        FaultsClient admin = new FaultsClient(cloud.endpoint());
        admin.add("sts", "GetCallerIdentity", "throttle", null, null, null);
        Processes.Result identity = aws(aws, "sts", "get-caller-identity");
        assertEquals(254, identity.exitCode(), identity.output());
        assertTrue(identity.output().contains("(Throttling) when calling the GetCallerIdentity operation"), identity.output());

        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals(429, e.statusCode());
            assertEquals("Throttling", e.awsErrorDetails().errorCode());
            admin.clear();
            assertEquals("000000000000", sts.getCallerIdentity().account());
        }
    }

    private Processes.Result aws(Path aws, String... args) {
        return AwsCli.run(work, cloud.endpoint(), Map.of("AWS_MAX_ATTEMPTS", "1"), args);
    }
}
