package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LocalCloudIT {
    @Test
    void routesBySignatureThenByEachProtocolsMarks() {
        String signed = "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/logs/aws4_request, SignedHeaders=host, Signature=x";
        assertEquals(Optional.of("logs"), ServiceRouter.serviceOf("POST", "/", null, signed, null, null));
        assertEquals(Optional.of("eu-west-1"), ServiceRouter.regionOf(signed, null));
        assertEquals(Optional.of("logs"), ServiceRouter.serviceOf("POST", "/", null, null, "Logs_20140328.PutLogEvents", null));
        assertEquals(Optional.of("lambda"), ServiceRouter.serviceOf("GET", "/2015-03-31/functions/f", null, null, null, null));
        assertEquals(Optional.of("lambda"), ServiceRouter.serviceOf("GET", "/2017-03-31/tags/arn", null, null, null, null));
        assertEquals(Optional.of("apigateway"), ServiceRouter.serviceOf("GET", "/restapis/abc/resources", null, null, null, null));
        assertEquals(Optional.of("xray"), ServiceRouter.serviceOf("POST", "/TraceSummaries", null, null, null, null));
        assertEquals(Optional.of("iam"), ServiceRouter.serviceOf("POST", "/", null, null, null,
                "application/x-www-form-urlencoded; charset=utf-8"));
        assertEquals(Optional.empty(), ServiceRouter.serviceOf("GET", "/favicon.ico", null, null, null, null));
        assertEquals(Optional.of("apigateway"), ServiceRouter.serviceOf("GET", "/dev/hello", "ab12cd.execute-api.localhost:4588",
                null, null, null));
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
