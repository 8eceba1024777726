package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
}
