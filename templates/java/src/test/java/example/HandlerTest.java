package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandlerTest {

    private static final String REQUEST_ID = "8f5b0c1e-2f7a-4c55-9d1e-0a6b3c2d1e00";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Handler handler = new Handler();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    @Test
    void greetsByName() {
        APIGatewayProxyResponseEvent response = invoke(query("name", "Ada"));
        assertEquals(200, response.getStatusCode());
        assertEquals("\"Hello, Ada!\"", response.getBody());
    }

    @Test
    void answersTheSampleEvent() throws Exception {
        Map<String, Object> event = JSON.readValue(Path.of("events", "hello.json").toFile(), new TypeReference<>() {});
        APIGatewayProxyResponseEvent response = invoke(event);
        assertEquals(200, response.getStatusCode());
        assertEquals("\"Hello, World!\"", response.getBody());
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() throws Exception {
        String name = "Ada \"the first\" \\ Lovelace\n\u0001";
        APIGatewayProxyResponseEvent response = invoke(query("name", name));
        assertEquals(200, response.getStatusCode());
        assertEquals("Hello, " + name + "!", JSON.readValue(response.getBody(), String.class));
    }

    @Test
    void rejectsNullQueryString() throws Exception {
        Map<String, Object> event = new HashMap<>();
        event.put("httpMethod", "GET");
        event.put("queryStringParameters", null);
        assertError(invoke(event), "required");
    }

    @Test
    void rejectsMissingName() throws Exception {
        assertError(invoke(query("other", "x")), "required");
    }

    @Test
    void rejectsEmptyName() throws Exception {
        assertError(invoke(query("name", "")), "required");
    }

    @Test
    void rejectsNameOf101Characters() throws Exception {
        assertError(invoke(query("name", "a".repeat(101))), "100");
    }

    @Test
    void acceptsNameOf100Characters() throws Exception {
        APIGatewayProxyResponseEvent response = invoke(query("name", "a".repeat(100)));
        assertEquals(200, response.getStatusCode());
        assertEquals("Hello, " + "a".repeat(100) + "!", JSON.readValue(response.getBody(), String.class));
    }

    @Test
    void countsCharactersNotUtf16Units() {
        assertEquals(200, invoke(query("name", "\uD83D\uDE00".repeat(100))).getStatusCode());
    }

    @Test
    void everyResponseIsJson() throws Exception {
        for (Map<String, Object> event : List.of(query("name", "Ada"), query("name", ""), Map.<String, Object>of())) {
            APIGatewayProxyResponseEvent response = invoke(event);
            assertEquals(Map.of("Content-Type", "application/json"), response.getHeaders());
            JSON.readTree(response.getBody());
        }
    }

    @Test
    void logsOneJsonLineWithTheRequestId() throws Exception {
        invoke(query("name", "Ada"));
        List<String> lines = stdoutLines();
        assertEquals(1, lines.size());
        JsonNode entry = JSON.readTree(lines.get(0));
        assertEquals(REQUEST_ID, entry.get("requestId").asText());
        assertEquals(200, entry.get("status").asInt());
        assertEquals(3, entry.get("nameLength").asInt());
        assertFalse(lines.get(0).contains("Ada"));
    }

    @Test
    void logsRejectionsToo() throws Exception {
        invoke(Map.of());
        List<String> lines = stdoutLines();
        assertEquals(1, lines.size());
        assertEquals(400, JSON.readTree(lines.get(0)).get("status").asInt());
    }

    @Test
    void greetsThroughAFunctionUrl() throws Exception {
        APIGatewayProxyResponseEvent response = invoke(urlQuery("GET", "/", Map.of("name", "Ada")));
        assertEquals(200, response.getStatusCode());
        assertEquals("\"Hello, Ada!\"", response.getBody());
        JsonNode entry = JSON.readTree(stdoutLines().get(0));
        assertEquals(List.of("GET", "/"), List.of(entry.get("method").asText(), entry.get("path").asText()));
    }

    @Test
    void rejectsAFunctionUrlRequestWithoutQueryString() throws Exception {
        assertError(invoke(urlQuery("POST", "/greet", Map.of())), "required");
    }

    @Test
    void logsTheMethodAndPathOfEitherShape() throws Exception {
        invoke(query("name", "Ada"));
        invoke(urlQuery("POST", "/greet", Map.of("name", "Ada")));
        List<String> lines = stdoutLines();
        JsonNode rest = JSON.readTree(lines.get(0));
        JsonNode url = JSON.readTree(lines.get(1));
        assertEquals(List.of("GET", "/hello"), List.of(rest.get("method").asText(), rest.get("path").asText()));
        assertEquals(List.of("POST", "/greet"), List.of(url.get("method").asText(), url.get("path").asText()));
    }

    @Test
    void withAnApiKeySecretCallersMustSendIt() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf";
        Map<String, String> env = Map.of("API_KEY_SECRET_ARN", arn);
        Handler guarded = new Handler(new SecretCache(SecretCache.DEFAULT_TTL, asked -> "k3y", System::nanoTime, env::get,
                Backoff.standard(), delay -> {}));
        List<Integer> statuses = new ArrayList<>();
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("x-api-key", "nope"), Map.of("X-Api-Key", "k3y"))) {
            Map<String, Object> event = new HashMap<>(query("name", "Ada"));
            event.put("headers", headers);
            APIGatewayProxyResponseEvent response = guarded.handleRequest(event, new FakeContext(REQUEST_ID));
            statuses.add(response.getStatusCode());
            assertFalse(response.getBody().contains("k3y"));
        }
        assertEquals(List.of(401, 401, 200), statuses);
    }

    private APIGatewayProxyResponseEvent invoke(Map<String, Object> event) {
        return handler.handleRequest(event, new FakeContext(REQUEST_ID));
    }

    /** A REST API request (payload format 1.0). */
    private static Map<String, Object> query(String key, String value) {
        Map<String, String> params = new HashMap<>();
        params.put(key, value);
        Map<String, Object> event = new HashMap<>();
        event.put("httpMethod", "GET");
        event.put("path", "/hello");
        event.put("queryStringParameters", params);
        return event;
    }

    /** A function URL request (payload format 2.0); no queryStringParameters without a query string. */
    private static Map<String, Object> urlQuery(String method, String path, Map<String, String> params) {
        Map<String, Object> event = new HashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("headers", Map.of("host", "abc123.lambda-url.us-east-1.on.aws"));
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path)));
        event.put("isBase64Encoded", false);
        if (!params.isEmpty()) {
            event.put("queryStringParameters", params);
        }
        return event;
    }

    private static void assertError(APIGatewayProxyResponseEvent response, String fragment) throws Exception {
        assertEquals(400, response.getStatusCode());
        assertTrue(JSON.readTree(response.getBody()).get("error").asText().contains(fragment));
    }

    private List<String> stdoutLines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Just enough of Lambda's context for the handler: a request id and a logger. */
    private record FakeContext(String awsRequestId) implements Context {
        @Override
        public String getAwsRequestId() {
            return awsRequestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/{{name}}";
        }

        @Override
        public String getLogStreamName() {
            return "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef";
        }

        @Override
        public String getFunctionName() {
            return "{{name}}";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:{{name}}";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 10_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
