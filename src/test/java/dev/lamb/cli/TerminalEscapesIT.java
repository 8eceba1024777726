package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;
import dev.lamb.testing.RequiredTools;
import dev.lamb.ui.Terminals;

/**
 * Issue 11, section 8: what a function or an HTTP client sends never drives the terminal. A function
 * that prints and raises {@code ESC ] 0;TITLE BEL ESC [2J} (set the window title, clear the screen),
 * and a client whose request path decodes to the same, reach stderr only as {@code \}{@code uXXXX}
 * escapes, through `lamb invoke` (the sources, and the cloud's log tail and error) and `lamb serve` as a
 * user runs them; the answer too when stdout is a terminal. (`lamb logs` and `lamb traces` use the same
 * rule: LogFormatterTest and TracesViewTest.)
 */
class TerminalEscapesIT {
    static final String HOSTILE = "\u001b]0;TITLE\u0007\u001b[2J";
    static final String SHOWN = "\\u001b]0;TITLE\\u0007\\u001b[2J";
    static final String HANDLER = """
            import json

            def handler(event, context):
                print("\\x1b]0;TITLE\\x07\\x1b[2J")
                if (event.get("queryStringParameters") or {}).get("fail"):
                    raise ValueError("\\x1b]0;TITLE\\x07\\x1b[2J")
                return {"statusCode": 200, "body": "\\x1b]0;TITLE\\x07\\x1b[2J"}
            """;

    @TempDir
    Path tmp;

    private Path project;

    @BeforeEach
    void init() throws IOException {
        RequiredTools.require("python3");
        project = tmp.resolve("hostile");
        assertEquals(0, Lamb.run("init", "hostile", "--runtime", "python", "--dir", project.toString()).exitCode());
        Files.writeString(project.resolve("handler.py"), HANDLER);
    }

    @Test
    void invokeEscapesTheLogTailAndTheErrorLine() {
        Lamb.Run ok = Lamb.run("invoke", "--local", "--sources", "--dir", project.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertSafe(ok.err());
        assertTrue(ok.err().contains(SHOWN), ok.err());
        assertEquals(HOSTILE + "\n", ok.out(), "off a terminal the answer is data, kept as it is");

        Lamb.Run failed = Lamb.run("invoke", "--local", "--sources", "--dir", project.toString(), "--query", "fail=1");
        assertEquals(1, failed.exitCode(), failed.err());
        assertSafe(failed.err());
        String[] lines = failed.err().strip().split("\n");
        assertEquals("lamb: Unhandled ValueError: " + SHOWN, lines[lines.length - 1]);
    }

    @Test
    void onATerminalTheAnswerIsEscapedToo() {
        Terminals terminal = Terminals.scripted(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
        Lamb.Run run = Lamb.run(terminal, "invoke", "--local", "--sources", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(SHOWN + "\n", run.out());
        assertSafe(run.err());
    }

    @Test
    void invokeEscapesTheLogTailAndErrorThatTheCloudReturns() {
        try (DeployedCloud cloud = DeployedCloud.start(tmp.resolve("cloud"))) {
            cloud.deploy(project);
            Lamb.Run failed = cloud.lamb("invoke", "--dir", project.toString(), "--query", "fail=1");
            assertEquals(1, failed.exitCode(), failed.err());
            assertSafe(failed.err());
            assertTrue(failed.err().contains(SHOWN), "the log tail: " + failed.err());
            String[] lines = failed.err().strip().split("\n");
            assertEquals("lamb: Unhandled ValueError: " + SHOWN, lines[lines.length - 1]);

            // The same lines, read back from the cloud by the commands that always escaped them.
            for (String command : List.of("logs", "traces")) {
                Lamb.Run read = cloud.lamb(command, "--dir", project.toString(), "--since", "10m");
                assertEquals(0, read.exitCode(), read.err());
                assertSafe(read.out() + read.err());
            }
            assertTrue(cloud.lamb("logs", "--dir", project.toString(), "--since", "10m").out().contains(SHOWN));
        }
    }

    @Test
    void serveEscapesTheRequestLineOfAnyClientAndTheFunctionsLines() throws Exception {
        int port = Ports.free();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Lamb.Run> serving = thread.submit(() -> Lamb.run("serve", "--dir", project.toString(), "--port",
                    Integer.toString(port)));
            String base = "http://127.0.0.1:" + port;
            assertEquals(200, awaitAnswer(client, base + "/hello", serving).statusCode());
            // The path decodes to ESC ] 0;X BEL: no route, API Gateway's 403, and a request line on stderr.
            assertEquals(403, send(client, base + "/hello%1b%5d0%3bX%07").statusCode());
            thread.shutdownNow();
            Lamb.Run run = serving.get(30, TimeUnit.SECONDS);
            assertSafe(run.err());
            assertTrue(run.err().contains("GET /hello\\u001b]0;X\\u0007 403 "), run.err());
            assertTrue(run.err().contains("[hostile] " + SHOWN), run.err());
        } finally {
            thread.shutdownNow();
        }
    }

    private static void assertSafe(String stderr) {
        assertFalse(stderr.contains("\u001b") || stderr.contains("\u0007"), "raw escapes reached stderr: " + stderr);
        assertFalse(stderr.contains(HOSTILE));
    }

    private static HttpResponse<String> send(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> awaitAnswer(HttpClient client, String url, Future<?> server) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return send(client, url);
            } catch (IOException e) {
                if (server.isDone() || System.nanoTime() > until) {
                    throw new AssertionError("lamb serve did not answer " + url, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
