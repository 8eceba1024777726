package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.TestLocalCloud;

/** `lamb serve` on the project `lamb init` makes, as a user runs it. */
class ServeCommandIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;

    private Path project;

    @BeforeEach
    void init() {
        RequiredTools.require("python3");
        project = tmp.resolve("greeter");
        assertEquals(0, Lamb.run("init", "greeter", "--runtime", "python", "--dir", project.toString()).exitCode());
    }


    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the server answers, for at most 60 s. */
    private static HttpResponse<String> awaitAnswer(String url, Future<?> server) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return get(url);
            } catch (IOException e) {
                if (server.isDone() || System.nanoTime() > until) {
                    throw new AssertionError("lamb serve did not answer " + url, e);
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void servesTheGreetingRoute() throws Exception {
        int port = Ports.free();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Lamb.Run> serving = thread.submit(() -> Lamb.run("serve", "--dir", project.toString(), "--port", Integer.toString(port)));
            HttpResponse<String> response = awaitAnswer("http://127.0.0.1:" + port + "/hello?name=Ada", serving);
            assertEquals(200, response.statusCode());
            assertEquals("\"Hello, Ada!\"", response.body());
            assertEquals(200, get("http://127.0.0.1:" + port + "/dev/hello?name=Ada").statusCode(), "the stage prefix works too");
            assertEquals(403, get("http://127.0.0.1:" + port + "/nope").statusCode());
            thread.shutdownNow();
            Lamb.Run run = serving.get(30, TimeUnit.SECONDS);
            assertEquals("GET http://127.0.0.1:" + port + "/hello\n", run.out());
            assertTrue(run.err().contains("serving greeter (python3.14)"), run.err());
            assertTrue(run.err().contains("GET /hello 200 ") && run.err().contains(" cold (init "), run.err());
            assertTrue(run.err().contains("GET /nope 403 "), run.err());
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aPortInUseIsOneLineAndExit2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Lamb.Run run = Lamb.run("serve", "--dir", project.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("lamb: cannot listen on 127.0.0.1:" + taken.getLocalPort()), run.err());
            assertFalse(run.err().contains("zipping"), "the port is checked before the build: " + run.err());
        }
    }

    @Test
    void ctrlCStopsTheInstancesAndExits0() throws Exception {
        int port = Ports.free();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A process started in the background may inherit SIGINT ignored; python puts the default back
        // before it becomes lamb, so that the signal reaches lamb as Ctrl-C would.
        ProcessBuilder pb = new ProcessBuilder("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                java, "-cp", System.getProperty("java.class.path"), "dev.lamb.Lamb",
                "serve", "--dir", project.toString(), "--port", Integer.toString(port))
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(TestLocalCloud.environment());
        Process lamb = pb.start();
        try {
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(lamb.getInputStream(), StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            assertEquals("GET http://127.0.0.1:" + port + "/hello", firstLine.get(60, TimeUnit.SECONDS),
                    () -> "stderr: " + read(tmp.resolve("stderr.txt")));
            assertEquals("\"Hello, Ada!\"", get("http://127.0.0.1:" + port + "/hello?name=Ada").body());
            List<ProcessHandle> instances = lamb.toHandle().descendants().toList();
            assertFalse(instances.isEmpty(), "the request started an instance");

            new ProcessBuilder("kill", "-INT", Long.toString(lamb.pid())).start().waitFor();
            assertTrue(lamb.waitFor(30, TimeUnit.SECONDS), "lamb serve did not stop on SIGINT");
            assertEquals(0, lamb.exitValue(), () -> read(tmp.resolve("stderr.txt")));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (instances.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(instances.stream().noneMatch(ProcessHandle::isAlive), "instances left running: " + instances);
        } finally {
            lamb.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
