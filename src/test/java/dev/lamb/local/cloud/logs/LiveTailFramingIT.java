package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.LocalCloud;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * StartLiveTail's frames over a real chunked HTTP response, read with a raw HTTP client and the SDK's
 * eventstream decoder: from a bare server that serves a session with short intervals (headers first,
 * then {@link LiveTailSession#stream} on the body), and from the local cloud itself.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LiveTailFramingIT {
    /** The local cloud takes only signed control-plane requests; it verifies none without --auth. */
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/logs/aws4_request, "
            + "SignedHeaders=host, Signature=00";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    static CloudRequest request(String target, String body) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("X-Amz-Target", List.of(target));
        return new CloudRequest("POST", "/", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), "us-east-1");
    }

    /** Serves StartLiveTail as the local cloud's front end would, once it can stream a response body. */
    static HttpServer liveTailServer(LogsService logs) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                LiveTailSession session = logs.openLiveTail(
                        request("Logs_20140328.StartLiveTail", new String(body, StandardCharsets.UTF_8)),
                        Duration.ofMillis(300), Duration.ofSeconds(3));
                exchange.getResponseHeaders().set("Content-Type", LiveTailSession.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    session.stream(out);
                }
            }
        });
        server.start();
        return server;
    }

    @Test
    void streamsInitialResponseSessionStartAndUpdates() throws Exception {
        LogsService logs = new LogsService(dataDir);
        HttpServer server = liveTailServer(logs);
        try (LocalCloud cloud = LocalCloud.start(0, List.of(logs)); CloudWatchLogsClient client = LogsSdkIT.client(cloud)) {
            client.createLogGroup(r -> r.logGroupName("/tail/app"));
            client.createLogStream(r -> r.logGroupName("/tail/app").logStreamName("s"));
            client.putLogEvents(r -> r.logGroupName("/tail/app").logStreamName("s")
                    .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("before the tail").build()));

            assertEquals("ResourceNotFoundException", assertThrows(AwsServiceException.class, () -> logs.openLiveTail(
                    request("Logs_20140328.StartLiveTail", "{\"logGroupIdentifiers\":[\"/nope\"]}"))).code());

            String arn = "arn:aws:logs:us-east-1:000000000000:log-group:/tail/app";
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                    .header("X-Amz-Target", "Logs_20140328.StartLiveTail")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"logGroupIdentifiers\":[\"" + arn
                            + "\"],\"logEventFilterPattern\":\"ERROR\"}"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertEquals(LiveTailSession.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());

            List<Message> frames = new ArrayList<>();
            MessageDecoder decoder = new MessageDecoder(frames::add);
            try (InputStream in = response.body()) {
                byte[] buf = new byte[8192];
                boolean put = false;
                int n;
                while ((n = in.read(buf)) > 0) {
                    decoder.feed(buf, 0, n); // validates both CRCs of each frame
                    if (!put && frames.size() >= 2) {
                        put = true;
                        long now = System.currentTimeMillis();
                        client.putLogEvents(r -> r.logGroupName("/tail/app").logStreamName("s").logEvents(
                                InputLogEvent.builder().timestamp(now).message("ERROR live one").build(),
                                InputLogEvent.builder().timestamp(now + 1).message("INFO not matching").build()));
                    }
                }
            }
            assertEquals("initial-response", frames.get(0).getHeaders().get(":event-type").getString());
            assertEquals("event", frames.get(0).getHeaders().get(":message-type").getString());
            assertEquals("sessionStart", frames.get(1).getHeaders().get(":event-type").getString());
            JsonNode start = JSON.readTree(frames.get(1).getPayload());
            assertEquals(arn, start.at("/logGroupIdentifiers/0").asText());
            assertEquals("ERROR", start.get("logEventFilterPattern").asText());
            assertTrue(start.get("sessionId").asText().length() > 10);

            List<JsonNode> results = new ArrayList<>();
            int updates = 0;
            for (Message m : frames.subList(2, frames.size() - 1)) {
                assertEquals("sessionUpdate", m.getHeaders().get(":event-type").getString());
                JsonNode update = JSON.readTree(m.getPayload());
                assertEquals(false, update.at("/sessionMetadata/sampled").asBoolean());
                update.get("sessionResults").forEach(results::add);
                updates++;
            }
            assertTrue(updates >= 5, "an update per interval, empty ones included: " + updates);
            assertEquals(1, results.size(), results.toString());
            assertEquals("ERROR live one", results.get(0).get("message").asText());
            assertEquals(arn, results.get(0).get("logGroupIdentifier").asText());
            assertEquals("s", results.get(0).get("logStreamName").asText());
            Message last = frames.get(frames.size() - 1);
            assertEquals("exception", last.getHeaders().get(":message-type").getString());
            assertEquals("SessionTimeoutException", last.getHeaders().get(":exception-type").getString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theLocalCloudStreamsLiveTailOnItsOwnPort() throws Exception {
        LogsService logs = new LogsService(dataDir);
        try (LocalCloud cloud = LocalCloud.start(0, List.of(logs)); CloudWatchLogsClient client = LogsSdkIT.client(cloud)) {
            client.createLogGroup(r -> r.logGroupName("/tail/real"));
            String arn = "arn:aws:logs:us-east-1:000000000000:log-group:/tail/real";
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cloud.endpoint() + "/"))
                    .header("X-Amz-Target", "Logs_20140328.StartLiveTail").header("Authorization", SIGNED)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"logGroupIdentifiers\":[\"" + arn + "\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertEquals(LiveTailSession.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
            List<Message> frames = new ArrayList<>();
            MessageDecoder decoder = new MessageDecoder(frames::add);
            // The session lasts while the client listens: read the opening and the first update, then hang up.
            try (InputStream in = response.body()) {
                byte[] buf = new byte[8192];
                for (int n; frames.size() < 3 && (n = in.read(buf)) > 0; ) {
                    decoder.feed(buf, 0, n);
                }
            }
            assertEquals("initial-response", frames.get(0).getHeaders().get(":event-type").getString());
            assertEquals("sessionStart", frames.get(1).getHeaders().get(":event-type").getString());
            assertEquals("sessionUpdate", frames.get(2).getHeaders().get(":event-type").getString());
        }
    }

    @Test
    void aDropFaultCutsTheBodyOffWithoutItsEnd() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(0, List.of(new LogsService(dataDir)));
                CloudWatchLogsClient client = LogsSdkIT.client(cloud)) {
            client.createLogGroup(r -> r.logGroupName("/tail/cut"));
            cloud.faults().add("logs", null, "drop", null, 1200L, null);
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cloud.endpoint() + "/"))
                    .header("X-Amz-Target", "Logs_20140328.StartLiveTail").header("Authorization", SIGNED)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"logGroupIdentifiers\":[\"/tail/cut\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            List<Message> frames = new ArrayList<>();
            MessageDecoder decoder = new MessageDecoder(frames::add);
            // A network failure, not an end: the chunked body stops without its last chunk.
            IOException cut = assertThrows(IOException.class, () -> {
                try (InputStream in = response.body()) {
                    byte[] buf = new byte[8192];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        decoder.feed(buf, 0, n);
                    }
                }
            });
            assertTrue(frames.size() >= 3, "frames before the cut: " + frames.size() + " (" + cut + ")");
            assertTrue(frames.stream().noneMatch(f -> f.getHeaders().get(":message-type").getString().equals("exception")),
                    "a drop sends no exception frame");
        }
    }
}
