package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.testing.DeployedCloud;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;

class LocalCloudIT {
    @Test
    void routesBySignatureThenByEachProtocolsMarks() {
        String signed = "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/logs/aws4_request, SignedHeaders=host, Signature=x";
        assertEquals("logs", route("POST", "/", Map.of("Authorization", signed)).service());
        assertEquals("eu-west-1", route("POST", "/", Map.of("Authorization", signed)).region());
        assertEquals("logs", route("POST", "/", Map.of("X-Amz-Target", "Logs_20140328.PutLogEvents")).service());
        assertEquals("lambda", route("GET", "/2015-03-31/functions/f", Map.of()).service());
        assertEquals("lambda", route("GET", "/2017-03-31/tags/arn", Map.of()).service());
        assertEquals("apigateway", route("GET", "/restapis/abc/resources", Map.of()).service());
        assertEquals("xray", route("POST", "/TraceSummaries", Map.of()).service());
        assertEquals("iam", route("POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")).service());
        assertNull(route("GET", "/favicon.ico", Map.of()).service());
        assertEquals("apigateway", route("GET", "/dev/hello", Map.of("Host", "ab12cd.execute-api.localhost:4588")).service());
    }

    private static RequestAdmission.Request route(String method, String path, Map<String, String> headers) {
        return ServiceRouterTest.read(method, path, null, headers);
    }

    @Test
    void answersHealthAndRefusesWhatItDoesNotServeInAwsErrorShape() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(0, List.of())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/_lamb/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            HttpResponse<String> logs = http.send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/"))
                    .header("X-Amz-Target", "Logs_20140328.DescribeLogGroups")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/logs/aws4_request, "
                            + "SignedHeaders=host, Signature=00")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, logs.statusCode(), "not retryable, so a 4xx");
            assertEquals("NotImplemented", logs.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertTrue(logs.body().contains("\"__type\":\"NotImplemented\"") && logs.body().contains("logs"), logs.body());
            assertNotNull(logs.headers().firstValue("x-amzn-RequestId").orElse(null));
        }
    }

    /**
     * `lamb local start` listens before it loads its state, so a detached start is done sooner: a health check
     * answers meanwhile and says the cloud is loading; a request waits, then sees the whole state, never a part of
     * it. GetRole answers the role (Role.RoleName, IAM API reference), which IAM keeps across restarts.
     */
    @Test
    void aRequestWhileTheStateLoadsWaitsAndSeesAllOfIt(@TempDir Path data) throws Exception {
        try (DeployedCloud before = DeployedCloud.start(data)) {
            before.aws().iam().createRole(r -> r.roleName("kept").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}"));
        }
        CountDownLatch loads = new CountDownLatch(1);
        LocalCloud cloud = LocalCloud.startLoading(0, () -> {
            try {
                loads.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return LocalCloudServices.create(data, notice -> {});
        }, Optional.empty());
        try (cloud; AwsClients aws = new AwsClients(AwsTarget.localCloud(URI.create(cloud.endpoint())))) {
            CompletableFuture<GetRoleResponse> role;
            try {
                HttpResponse<String> health = health(cloud);
                assertEquals(200, health.statusCode());
                assertTrue(health.body().contains("\"loading\":true"), health.body());
                role = CompletableFuture.supplyAsync(() -> aws.iam().getRole(r -> r.roleName("kept")));
                assertThrows(TimeoutException.class, () -> role.get(300, TimeUnit.MILLISECONDS), "it waits for the state");
            } finally {
                loads.countDown();
            }
            assertEquals("kept", role.get(30, TimeUnit.SECONDS).role().roleName());
            cloud.awaitLoaded();
            String loaded = health(cloud).body();
            assertTrue(loaded.contains("\"iam\"") && !loaded.contains("loading"), loaded);
        }
    }

    /** A state that cannot load stops `lamb local start` with its error; requests meanwhile get a 500, not a part of it. */
    @Test
    void aStateThatCannotLoadIsTheStartsErrorAndA500() throws Exception {
        try (LocalCloud cloud = LocalCloud.startLoading(0, () -> {
            throw LambException.failed("could not read the state");
        }, Optional.empty())) {
            LambException e = assertThrows(LambException.class, cloud::awaitLoaded);
            assertEquals("could not read the state", e.getMessage());
            HttpResponse<String> health = health(cloud);
            assertEquals(500, health.statusCode());
            assertTrue(health.body().contains("could not load its state"), health.body());
        }
    }

    private static HttpResponse<String> health(LocalCloud cloud) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + LocalCloud.HEALTH_PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
