package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        APIGatewayProxyRequestEvent event =
                JSON.readValue(Path.of("events", "hello.json").toFile(), APIGatewayProxyRequestEvent.class);
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
        assertError(invoke(new APIGatewayProxyRequestEvent().withHttpMethod("GET")), "required");
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
        for (APIGatewayProxyRequestEvent event :
                List.of(query("name", "Ada"), query("name", ""), new APIGatewayProxyRequestEvent())) {
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
        invoke(new APIGatewayProxyRequestEvent());
        List<String> lines = stdoutLines();
        assertEquals(1, lines.size());
        assertEquals(400, JSON.readTree(lines.get(0)).get("status").asInt());
    }

    private APIGatewayProxyResponseEvent invoke(APIGatewayProxyRequestEvent event) {
        return handler.handleRequest(event, new FakeContext(REQUEST_ID));
    }

    private static APIGatewayProxyRequestEvent query(String key, String value) {
        Map<String, String> params = new HashMap<>();
        params.put(key, value);
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/hello").withQueryStringParameters(params);
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
