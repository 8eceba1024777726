package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.CloudResponse;

/**
 * The patch operations' semantics on a stage, in-process: move and copy between stage variables ({@code from}),
 * the ops and values API Gateway refuses (400 BadRequestException), and paging positions over resources that
 * are deleted between pages. Expected values from the API Gateway reference (PatchOperation, UpdateStage) and
 * botocore's apigateway model (GetResources' position and limit).
 */
class ApiGatewayPatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URI = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
            + "arn:aws:lambda:eu-west-1:000000000000:function:f/invocations";

    @TempDir
    Path dataDir;

    private static JsonNode ok(ApiGatewayService service, String method, String target, String body) throws Exception {
        CloudResponse response = ApiGatewayUpgradeTest.send(service, method, target, body);
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(true, response.status() < 300, method + " " + target + ": " + text);
        return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    private static String refused(ApiGatewayService service, String method, String target, String body) {
        CloudResponse response = ApiGatewayUpgradeTest.send(service, method, target, body);
        return response.status() + " " + response.headers().get("x-amzn-ErrorType");
    }

    private static String patch(String op, String path, String valueOrFrom) {
        String member = op.equals("move") || op.equals("copy") ? "from" : "value";
        return "{\"patchOperations\": [{\"op\": \"" + op + "\", \"path\": \"" + path + "\""
                + (valueOrFrom == null ? "" : ", \"" + member + "\": \"" + valueOrFrom + "\"") + "}]}";
    }

    @Test
    void stageVariablesMoveCopyAndRefusals() throws Exception {
        try (ApiGatewayService service = new ApiGatewayService(dataDir, null)) {
            String api = ok(service, "POST", "/restapis", "{\"name\": \"patched\"}").get("id").asText();
            String root = ok(service, "GET", "/restapis/" + api + "/resources", null).get("item").get(0).get("id").asText();
            String method = "/restapis/" + api + "/resources/" + root + "/methods/GET";
            ok(service, "PUT", method, "{\"authorizationType\": \"NONE\"}");
            ok(service, "PUT", method + "/integration", "{\"type\": \"AWS_PROXY\", \"httpMethod\": \"POST\", \"uri\": \"" + URI + "\"}");
            ok(service, "POST", "/restapis/" + api + "/deployments", "{\"stageName\": \"dev\", \"variables\": {\"a\": \"1\"}}");
            String stage = "/restapis/" + api + "/stages/dev";

            ok(service, "PATCH", stage, patch("copy", "/variables/b", "/variables/a"));
            JsonNode moved = ok(service, "PATCH", stage, patch("move", "/variables/c", "/variables/a"));
            assertEquals(JSON.readTree("{\"b\": \"1\", \"c\": \"1\"}"), moved.get("variables"));

            assertEquals("400 BadRequestException", refused(service, "PATCH", stage, patch("test", "/description", "x")));
            assertEquals("400 BadRequestException", refused(service, "PATCH", stage, patch("replace", "/tracingEnabled", "maybe")));
            assertEquals("400 BadRequestException", refused(service, "PATCH", stage, patch("add", "/variables/bad-name", "x")));
            assertEquals("400 BadRequestException", refused(service, "PATCH", stage, patch("replace", "/*/*/logging/loglevel", "LOUD")));
            assertEquals("400 BadRequestException", refused(service, "PATCH", stage, patch("move", "/variables/d", "/variables/none")));
            assertEquals("400 BadRequestException",
                    refused(service, "PATCH", method + "/integration", patch("replace", "/timeoutInMillis", "30000")));
            assertEquals(JSON.readTree("{\"b\": \"1\", \"c\": \"1\"}"), ok(service, "GET", stage, null).get("variables"),
                    "a refused patch changes nothing");

            // Terraform's method_path: the resource path without its leading slash, slashes and all.
            JsonNode settings = ok(service, "PATCH", stage, patch("replace", "/items/{id}/GET/logging/loglevel", "ERROR"))
                    .get("methodSettings");
            assertEquals("ERROR", settings.get("items/{id}/GET").get("loggingLevel").asText());
            assertEquals(5000, settings.get("items/{id}/GET").get("throttlingBurstLimit").asInt());
        }
    }

    @Test
    void restApiCompressionAndPolicy() throws Exception {
        try (ApiGatewayService service = new ApiGatewayService(dataDir, null)) {
            String api = "/restapis/" + ok(service, "POST", "/restapis", "{\"name\": \"compressed\"}").get("id").asText();
            assertEquals(1024, ok(service, "PATCH", api, patch("replace", "/minimumCompressionSize", "1024"))
                    .get("minimumCompressionSize").asInt());
            assertEquals(false, ok(service, "PATCH", api, patch("replace", "/minimumCompressionSize", ""))
                    .has("minimumCompressionSize"), "an empty size disables compression");
            assertEquals("{}", ok(service, "PATCH", api, patch("replace", "/policy", "{}")).get("policy").asText());
            assertEquals("400 BadRequestException", refused(service, "PATCH", api, patch("replace", "/name", "")));
        }
    }

    @Test
    void positionsResumeAfterTheLastResourceEvenWhenItIsDeleted() throws Exception {
        try (ApiGatewayService service = new ApiGatewayService(dataDir, null)) {
            String api = ok(service, "POST", "/restapis", "{\"name\": \"paged\"}").get("id").asText();
            String resources = "/restapis/" + api + "/resources";
            String root = ok(service, "GET", resources, null).get("item").get(0).get("id").asText();
            for (String part : new String[] {"a", "b", "c", "d"}) {
                ok(service, "POST", resources + "/" + root, "{\"pathPart\": \"" + part + "\"}");
            }
            JsonNode first = ok(service, "GET", resources + "?limit=2", null);
            assertEquals("/a", first.get("item").get(1).get("path").asText());
            ok(service, "DELETE", resources + "/" + first.get("item").get(1).get("id").asText(), null);
            JsonNode second = ok(service, "GET", resources + "?limit=2&position=" + first.get("position").asText(), null);
            assertEquals("/b", second.get("item").get(0).get("path").asText(), "the page after a deleted /a starts at /b");
            assertEquals("400 BadRequestException", refused(service, "GET", resources + "?position=2", null));
        }
    }
}
