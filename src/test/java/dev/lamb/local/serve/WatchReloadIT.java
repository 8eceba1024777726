package dev.lamb.local.serve;

import static dev.lamb.local.serve.FixtureProject.CLIENT;
import static dev.lamb.local.serve.FixtureProject.get;
import static dev.lamb.local.serve.FixtureProject.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.FileTrees;
import dev.lamb.testing.RequiredTools;

/** lamb serve --watch: an edit reaches the next request, without a restart and without dropping one. */
class WatchReloadIT {
    @TempDir
    Path tmp;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private Path project;
    private LocalApiServer server;

    @BeforeEach
    void start() throws IOException {
        RequiredTools.require("python3");
        project = tmp.resolve("fixture");
        server = LocalApiServer.start(FixtureProject.create(project, 10), "us-east-1",
                new LocalApiServer.Options("127.0.0.1", 0, true, Duration.ofMillis(100), LocalApiServer.INTEGRATION_TIMEOUT),
                new ServeLog(log::add, false));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void greet(String greeting) throws IOException {
        String handler = Files.readString(project.resolve("handler.py"));
        Files.writeString(project.resolve("handler.py"), handler.replaceAll("GREETING = \"[A-Za-z]+\"", "GREETING = \"" + greeting + "\""));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("waited 30 s for " + what);
            }
            Thread.sleep(50);
        }
    }

    private String hello() {
        try {
            return get(server.port(), "/hello?name=Ada").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anEditedHandlerAnswersTheNextRequests() throws Exception {
        assertEquals("\"Hello, Ada!\"", hello());
        greet("Howdy");
        await("the new greeting", () -> hello().equals("\"Howdy, Ada!\""));
        // The line comes once the old code's engine has closed, which may be after the new code answers.
        await("the reload line", () -> log.stream().anyMatch(l -> l.contains("reloaded in ")));
        assertEquals(1, log.stream().filter(l -> l.contains("reloaded in ") && l.contains("handler.py changed")).count(),
                String.join("\n", log));
    }

    /** Issue 11 §10: a traceback names the project's handler.py, the file the user edits, not its .lamb/task/ copy. */
    @Test
    void aTracebackNamesTheProjectsFile() throws Exception {
        assertEquals(502, get(server.port(), "/boom").statusCode());
        await("the traceback", () -> log.stream().anyMatch(l -> l.contains("handler.py")));
        String traceback = String.join("\n", log);
        assertTrue(traceback.contains(project.toAbsolutePath().normalize().resolve("handler.py") + "\""), traceback);
        assertFalse(traceback.contains(".lamb/task/"), traceback);
    }

    @Test
    void aRequestInFlightFinishesOnTheOldCode() throws Exception {
        // A folder the function can write in: when lamb runs as root, it runs as an unprivileged user.
        Path marks = Files.createDirectories(tmp.getParent().resolve(tmp.getFileName() + "-marks"));
        try {
            Files.setPosixFilePermissions(marks, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path mark = marks.resolve("sleeping");
            CompletableFuture<HttpResponse<String>> slow = CLIENT.sendAsync(
                    request(server.port(), "/slow?seconds=3&mark=" + mark).GET().build(), HttpResponse.BodyHandlers.ofString());
            await("the slow request to start", () -> Files.exists(mark));
            greet("Howdy");
            await("the reload", () -> log.stream().anyMatch(l -> l.contains("reloaded in ")));
            assertEquals("\"Howdy, Ada!\"", hello(), "new requests run the new code at once");
            HttpResponse<String> old = slow.get();
            assertEquals(200, old.statusCode(), old.body());
            assertEquals("Hello", new ObjectMapper().readTree(old.body()).get("greeting").asText());
        } finally {
            FileTrees.deleteQuietly(marks);
        }
    }

    @Test
    void aFailedRebuildKeepsServingTheOldCode() throws Exception {
        assertEquals("\"Hello, Ada!\"", hello());
        Files.move(project.resolve("handler.py"), project.resolve("handler.txt"));
        await("the failed rebuild", () -> log.stream().anyMatch(l -> l.startsWith("reload failed, still serving the previous code: ")));
        assertEquals("\"Hello, Ada!\"", hello());
        Files.move(project.resolve("handler.txt"), project.resolve("handler.py"));
        greet("Hi");
        await("the fixed code", () -> hello().equals("\"Hi, Ada!\""));
    }

    @Test
    void anEditedLambTomlChangesTheRoutes() throws Exception {
        assertEquals(403, get(server.port(), "/extra").statusCode());
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("routes = [", "routes = [\"GET /extra\", "));
        await("the new route", () -> {
            try {
                return get(server.port(), "/extra").statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(log.stream().anyMatch(l -> l.equals("  GET http://127.0.0.1:" + server.port() + "/extra")), String.join("\n", log));
    }

    @Test
    void filesOutsideThePackageChangeNothing() throws Exception {
        assertEquals("\"Hello, Ada!\"", hello());
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("tests/test_handler.py"), "# not in the zip\n");
        Files.writeString(project.resolve(".lamb/ignored.txt"), "lamb's own folder is not watched\n");
        Thread.sleep(1000);
        assertFalse(log.stream().anyMatch(l -> l.contains("reload")), String.join("\n", log));
        assertEquals("\"Hello, Ada!\"", hello());
    }
}
