package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.CredentialScope;
import dev.lamb.local.cloud.DataPlane;

/**
 * A function URL's event and answer, against the Lambda developer guide's "Invoking Lambda function URLs" (request and
 * response payload format 2.0, cookies) and "Control access to Lambda function URLs" (a public URL needs both actions).
 */
class FunctionUrlRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "abcdefghij0123456789abcdefghij01";

    @Test
    void thePathFormNamesItsRegionAndUrlAndPassesThePathAfterThem() {
        DataPlane url = DataPlane.of("127.0.0.1:4588", "/_lamb/url/us-west-2/" + ID + "/orders/7").orElseThrow();
        assertEquals(List.of(DataPlane.Kind.FUNCTION_URL_PATH, ID, Optional.of("us-west-2"), "/orders/7"),
                List.of(url.kind(), url.id(), url.region(), url.path()));
        assertEquals("/", DataPlane.of("127.0.0.1:4588", "/_lamb/url/us-west-2/" + ID).orElseThrow().path());
        assertTrue(url.kind().functionUrl() && !url.kind().byHost());
    }

    @Test
    void anIamCallersEventCarriesItsIdentityAndTheUrlsDomain() throws Exception {
        DataPlane url = DataPlane.of("127.0.0.1:4588", "/_lamb/url/us-east-1/" + ID + "/orders").orElseThrow();
        CredentialScope scope = new CredentialScope("AKIDEXAMPLE", "20261206", "us-east-1", "lambda");
        JsonNode event = JSON.readTree(FunctionUrlRequests.event(request("POST", "/_lamb/url/us-east-1/" + ID + "/orders", scope),
                url, "req-1", scope));
        assertEquals(List.of("2.0", "$default", "/orders", "x=1"), List.of(event.path("version").asText(),
                event.path("routeKey").asText(), event.path("rawPath").asText(), event.path("rawQueryString").asText()));
        JsonNode context = event.path("requestContext");
        assertEquals(List.of(ID, ID, ID + ".lambda-url.us-east-1.localhost:4588", "POST", "/orders", "req-1"),
                List.of(context.path("apiId").asText(), context.path("domainPrefix").asText(), context.path("domainName").asText(),
                        context.path("http").path("method").asText(), context.path("http").path("path").asText(),
                        context.path("requestId").asText()));
        assertEquals("AKIDEXAMPLE", context.path("authorizer").path("iam").path("accessKey").asText());
        assertEquals("1,2", event.path("headers").path("x-multi").asText(), "headers lowercased, values comma-joined");
        assertEquals(List.of("a=1", "b=2"), List.of(event.path("cookies").get(0).asText(), event.path("cookies").get(1).asText()));
    }

    /**
     * Review item 13: rawPath and rawQueryString are as the client sent them; queryStringParameters are decoded, a
     * repeated key's values comma-joined (the guide's "Invoking Lambda function URLs", request payload format).
     */
    @Test
    void rawPathAndRawQueryStringAreAsReceived() throws Exception {
        String raw = "/_lamb/url/us-east-1/" + ID + "/p%20q";
        DataPlane url = DataPlane.of("127.0.0.1:4588", "/_lamb/url/us-east-1/" + ID + "/p q").orElseThrow();
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", List.of("127.0.0.1:4588"));
        CloudRequest request = new CloudRequest("GET", "/_lamb/url/us-east-1/" + ID + "/p q", Map.of("a", List.of("b c", "d")),
                headers, new byte[0], "us-east-1", null, raw, "a=b%20c&a=d");
        JsonNode event = JSON.readTree(FunctionUrlRequests.event(request, url, "req-3", null));
        assertEquals(List.of("/p%20q", "a=b%20c&a=d", "b c,d", "/p q"), List.of(event.path("rawPath").asText(),
                event.path("rawQueryString").asText(), event.path("queryStringParameters").path("a").asText(),
                event.path("requestContext").path("http").path("path").asText()));
    }

    @Test
    void aPublicUrlsCallerIsAnonymous() throws Exception {
        DataPlane url = DataPlane.of(ID + ".lambda-url.us-east-1.localhost:4588", "/").orElseThrow();
        JsonNode context = JSON.readTree(FunctionUrlRequests.event(request("GET", "/", null), url, "req-2", null)).path("requestContext");
        assertEquals("anonymous", context.path("accountId").asText());
        assertTrue(context.path("authorizer").isMissingNode());
    }

    @Test
    void aPublicUrlNeedsBothActionsForEveryone() {
        Map<String, Object> url = Map.of("Principal", "*", "Action", "lambda:InvokeFunctionUrl");
        Map<String, Object> invoke = Map.of("Principal", "*", "Action", "lambda:InvokeFunction");
        assertFalse(isPublic(List.of(url)));
        assertFalse(isPublic(List.of(invoke)));
        assertTrue(isPublic(List.of(url, invoke)));
        assertFalse(isPublic(List.of(url, Map.of("Principal", Map.of("Service", "apigateway.amazonaws.com"),
                "Action", "lambda:InvokeFunction"))));
    }

    /**
     * Review item 8a: a statement counts only where its Condition holds for a call through a NONE URL (the keys
     * lambda:FunctionUrlAuthType and lambda:InvokedViaFunctionUrl, "Control access to Lambda function URLs"); one limited
     * to AWS_IAM URLs, or to a source ARN an anonymous caller does not have, leaves the URL private, as AWS answers 403.
     */
    @Test
    void aConditionedStatementCountsOnlyWhereItsConditionHolds() {
        Map<String, Object> urlNone = conditioned("lambda:InvokeFunctionUrl", "StringEquals", "lambda:FunctionUrlAuthType", "NONE");
        Map<String, Object> urlIam = conditioned("lambda:InvokeFunctionUrl", "StringEquals", "lambda:FunctionUrlAuthType", "AWS_IAM");
        Map<String, Object> viaUrl = conditioned("lambda:InvokeFunction", "Bool", "lambda:InvokedViaFunctionUrl", "true");
        Map<String, Object> fromApi = conditioned("lambda:InvokeFunction", "ArnLike", "AWS:SourceArn",
                "arn:aws:execute-api:us-east-1:000000000000:abc/*");
        assertTrue(isPublic(List.of(urlNone, viaUrl)));
        assertFalse(isPublic(List.of(urlIam, viaUrl)), "a statement for AWS_IAM URLs does not open a NONE URL");
        assertFalse(isPublic(List.of(urlNone, fromApi)), "an InvokeFunction limited to an API's calls does not open the URL");
        assertFalse(isPublic(List.of(urlNone, viaUrl, Map.of("Effect", "Deny", "Principal", "*", "Action", "lambda:*",
                "Resource", FUNCTION))), "an explicit Deny wins");
        assertTrue(isPublic(List.of(urlNone, viaUrl, Map.of("Effect", "Deny", "Principal", "*", "Action", "lambda:*",
                "Resource", FUNCTION, "Condition", Map.of("StringEquals", Map.of("AWS:SourceAccount", "111122223333"))))),
                "a Deny of one source account leaves an anonymous caller, who has none, alone");
    }

    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:fn";

    private static boolean isPublic(List<Map<String, Object>> statements) {
        List<Map<String, Object>> complete = statements.stream().map(s -> {
            Map<String, Object> statement = new TreeMap<>(Map.of("Effect", "Allow", "Resource", FUNCTION));
            statement.putAll(s);
            return (Map<String, Object>) statement;
        }).toList();
        return FunctionUrlRequests.isPublic(complete, LambdaIamActions.functionUrl(FunctionRef.parse("fn"), "us-east-1"), "NONE");
    }

    private static Map<String, Object> conditioned(String action, String operator, String key, String value) {
        return Map.of("Principal", "*", "Action", action, "Condition", Map.of(operator, Map.of(key, value)));
    }

    @Test
    void aJsonValueWithoutStatusCodeIsA200JsonBody() {
        CloudResponse plain = FunctionUrlRequests.response(result("\"Hello, world!\""));
        assertEquals(List.of(200, "application/json", "\"Hello, world!\""),
                List.of(plain.status(), plain.headers().get("Content-Type"), new String(plain.body(), StandardCharsets.UTF_8)));
        assertEquals(200, FunctionUrlRequests.response(result("{\"message\":\"Hello, world!\"}")).status());
    }

    @Test
    void aResponseObjectGivesStatusHeadersCookiesAndItsBody() {
        CloudResponse custom = FunctionUrlRequests.response(result("{\"statusCode\":201,\"headers\":{\"My-Custom-Header\":\"Custom Value\"},"
                + "\"cookies\":[\"Cookie_1=Value1; Expires=21 Oct 2021 07:48 GMT\",\"Cookie_2=Value2; Max-Age=78000\"],"
                + "\"body\":\"aGk=\",\"isBase64Encoded\":true}"));
        assertEquals(201, custom.status());
        assertEquals("Custom Value", custom.headers().get("My-Custom-Header"));
        assertEquals(List.of("Cookie_1=Value1; Expires=21 Oct 2021 07:48 GMT", "Cookie_2=Value2; Max-Age=78000"),
                List.of(custom.headers().get("Set-Cookie").split("\n")), "one Set-Cookie header per cookie");
        assertEquals("hi", new String(custom.body(), StandardCharsets.UTF_8));
        assertEquals(502, FunctionUrlRequests.response(result("{\"statusCode\":\"twenty\"}")).status());
    }

    private static InvocationResult result(String payload) {
        return new InvocationResult("req", payload.getBytes(StandardCharsets.UTF_8), null, List.of(), null, "stream");
    }

    private static CloudRequest request(String method, String path, CredentialScope scope) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", List.of("127.0.0.1:4588"));
        headers.put("X-Multi", List.of("1", "2"));
        headers.put("Cookie", List.of("a=1; b=2"));
        return new CloudRequest(method, path, Map.of("x", List.of("1")), headers, new byte[0], "us-east-1", scope);
    }
}
