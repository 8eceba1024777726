package dev.lamb.local.serve;

import static dev.lamb.local.serve.FixtureProject.CLIENT;
import static dev.lamb.local.serve.FixtureProject.get;
import static dev.lamb.local.serve.FixtureProject.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.testing.RequiredTools;

/** lamb serve's HTTP face, through a real client, a real server and real Python instances. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalApiServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> log = new CopyOnWriteArrayList<>();
    private ProjectConfig config;
    private LocalApiServer server;
    private int port;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        RequiredTools.require("python3");
        config = FixtureProject.create(tmp.resolve("fixture"), 1);
        server = LocalApiServer.start(config, "eu-west-1", new LocalApiServer.Options("127.0.0.1", 0, false),
                new ServeLog(log::add, false));
        port = server.port();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The access line is written once the answer is sent, so the client may see the answer first. */
    private void awaitLog(Predicate<String> line) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.stream().noneMatch(line)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no such line in the log:\n" + String.join("\n", log));
            }
            Thread.sleep(20);
        }
    }

    private JsonNode event(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void greetsWithTheHandlersAnswer() throws Exception {
        HttpResponse<String> response = get(port, "/hello?name=Ada");
        assertEquals(200, response.statusCode());
        assertEquals("\"Hello, Ada!\"", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void pathParametersComeFromTheRouteTemplate() throws Exception {
        JsonNode item = event(get(port, "/items/42"));
        assertEquals("/items/{id}", item.get("resource").asText());
        assertEquals("/items/42", item.get("path").asText());
        assertEquals("42", item.get("pathParameters").get("id").asText());

        JsonNode special = event(get(port, "/items/special"));
        assertEquals("/items/special", special.get("resource").asText(), "a literal path beats {id}");
        assertTrue(special.get("pathParameters").isNull());

        JsonNode file = event(CLIENT.send(request(port, "/files/docs/2024/report.txt").DELETE().build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals("/files/{proxy+}", file.get("resource").asText());
        assertEquals("docs/2024/report.txt", file.get("pathParameters").get("proxy").asText());
        assertEquals("DELETE", file.get("httpMethod").asText(), "ANY takes every method");
    }

    @Test
    void theStageMayPrefixThePathButTheEventsPathHasNone() throws Exception {
        JsonNode event = event(get(port, "/dev/items/7"));
        assertEquals("/items/7", event.get("path").asText());
        assertEquals("/dev/items/7", event.get("requestContext").get("path").asText());
        assertEquals("dev", event.get("requestContext").get("stage").asText());
    }

    @Test
    void queryHeadersAndBodyReachTheEvent() throws Exception {
        HttpResponse<String> response = CLIENT.send(request(port, "/echo?tag=a&tag=b&q=hello%20world")
                .header("x-custom-header", "one").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("héllo")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode event = event(response);
        assertEquals("b", event.get("queryStringParameters").get("tag").asText(), "the single map keeps the last value");
        assertEquals("[\"a\",\"b\"]", event.get("multiValueQueryStringParameters").get("tag").toString());
        assertEquals("hello world", event.get("queryStringParameters").get("q").asText());
        assertEquals("one", event.get("headers").get("X-Custom-Header").asText());
        assertEquals("text/plain", event.get("headers").get("Content-Type").asText());
        assertFalse(event.get("headers").has("Content-Length"), "API Gateway drops Content-Length");
        assertEquals("127.0.0.1", event.get("requestContext").get("identity").get("sourceIp").asText());
        assertEquals("héllo", event.get("body").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());
    }

    @Test
    void aResponseKeepsStatusHeadersAndDecodedBinaryBody() throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(request(port, "/binary").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(201, response.statusCode());
        byte[] expected = new byte[256];
        for (int i = 0; i < 256; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, response.body());
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of("single"), response.headers().allValues("X-One"));
        assertEquals(List.of("first", "second"), response.headers().allValues("X-Both"), "multiValueHeaders win");
    }

    @Test
    void aMalformedAnswerOrAFunctionErrorIsApiGateways502() throws Exception {
        for (String path : List.of("/malformed", "/boom")) {
            HttpResponse<String> response = get(port, path);
            assertEquals(502, response.statusCode(), path);
            assertEquals("{\"message\": \"Internal server error\"}", response.body());
            assertEquals("InternalServerErrorException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        }
        awaitLog(l -> l.contains("Malformed Lambda proxy response"));
        awaitLog(l -> l.startsWith("[fixture] ") && l.contains("ValueError"));
    }

    @Test
    void aFunctionTimeoutIs502AsInAwsAndTheNextRequestIsServed() throws Exception {
        HttpResponse<String> response = get(port, "/slow?seconds=5");
        assertEquals(502, response.statusCode());
        assertEquals("{\"message\": \"Internal server error\"}", response.body());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        awaitLog(l -> l.contains("Task timed out after 1.00 seconds"));
        assertEquals("\"Hello, Bo!\"", get(port, "/hello?name=Bo").body());
    }

    @Test
    void apiGatewayGivesUpAtItsIntegrationTimeoutEvenIfTheFunctionRunsOn(@TempDir Path dir) throws Exception {
        ProjectConfig patient = FixtureProject.create(dir.resolve("patient"), 10);
        try (LocalApiServer gateway = LocalApiServer.start(patient, "eu-west-1", new LocalApiServer.Options("127.0.0.1", 0, false,
                Duration.ofMillis(500), Duration.ofMillis(500)), new ServeLog(l -> { }, false))) {
            HttpResponse<String> response = get(gateway.port(), "/slow?seconds=2");
            assertEquals(504, response.statusCode());
            assertEquals("{\"message\": \"Endpoint request timed out\"}", response.body());
        }
    }

    @Test
    void anUnknownRouteIsApiGateways403() throws Exception {
        for (HttpRequest request : List.of(request(port, "/nowhere").GET().build(),
                request(port, "/hello").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                request(port, "/prod/hello").GET().build())) {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), request.toString());
            assertEquals("{\"message\":\"Missing Authentication Token\"}", response.body());
            assertEquals("MissingAuthenticationTokenException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        }
    }

    @Test
    void concurrentRequestsRunOnConcurrentInstances() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            running.add(CLIENT.sendAsync(request(port, "/slow?seconds=0.5").GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<Integer> pids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> r : running) {
            HttpResponse<String> response = r.get();
            assertEquals(200, response.statusCode(), response.body());
            pids.add(JSON.readTree(response.body()).get("pid").asInt());
        }
        assertTrue(pids.size() > 1, "8 requests at once ran on one instance: " + pids);
    }

    @Test
    void everyRequestHasOneAccessLine() throws Exception {
        get(port, "/items/9");
        get(port, "/nothing-here");
        awaitLog(l -> l.matches("GET /items/9 200 [0-9.]+ ms (warm|cold \\(init [0-9.]+ ms\\))"));
        awaitLog(l -> l.matches("GET /nothing-here 403 [0-9.]+ ms no route"));
        awaitLog(l -> l.equals("[fixture] echo /items/{id}"));
        assertFalse(log.stream().anyMatch(l -> l.contains("START RequestId")), "START/END/REPORT stay out of the way");
    }

    @Test
    void routeUrlsAreListedMostSpecificFirst() {
        List<String> urls = server.routeUrls();
        String base = "http://127.0.0.1:" + port;
        assertTrue(urls.contains("GET " + base + "/hello"), urls.toString());
        assertTrue(urls.indexOf("GET " + base + "/items/special") < urls.indexOf("GET " + base + "/items/{id}"), urls.toString());
    }

    @Test
    void aPortInUseIsAUsageError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LambException e = assertThrows(LambException.class, () -> LocalApiServer.start(config, "eu-west-1",
                    new LocalApiServer.Options("127.0.0.1", taken.getLocalPort(), false), new ServeLog(l -> { }, false)));
            assertEquals(2, e.exitCode().code());
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()) && e.getMessage().contains("--port"), e.getMessage());
        }
    }
}
