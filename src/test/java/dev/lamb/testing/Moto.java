package dev.lamb.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * moto's server ({@code python3 -m moto.server}) on a free loopback port: an independent, third-party
 * implementation of the AWS control plane. IAM's AWS managed policies are loaded, so that roles can
 * attach AWSLambdaBasicExecutionRole and AWSXRayDaemonWriteAccess as in AWS. The account is always
 * 123456789012. CloudWatch answers the Java SDK's CBOR requests too (src/test/resources/moto/server.py). A missing
 * python3 or moto skips the test (fails it under LAMB_TEST_STRICT=1).
 */
public final class Moto implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    /** moto.server, also speaking the CBOR protocol the Java SDK sends to CloudWatch (the script says how). */
    private static final Path SERVER = Path.of("src/test/resources/moto/server.py").toAbsolutePath();

    private final Process process;
    private final Path home;
    private final Path log;
    private final URI endpoint;
    private final HttpClient http;
    private final Thread stopAtExit;

    private Moto(Process process, Path home, Path log, URI endpoint, HttpClient http) {
        this.process = process;
        this.home = home;
        this.log = log;
        this.endpoint = endpoint;
        this.http = http;
        // A JVM stopped mid-test (Ctrl-C in mvn) must not leave the server running.
        this.stopAtExit = new Thread(this::stop, "moto-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts a server and returns once it answers. A port taken between choosing and binding it makes the
     * server exit at once; that is retried on another port.
     */
    public static Moto start() {
        Path python = RequiredTools.requirePythonModule("moto.server", "moto[server]");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path home = createTempDirectory();
            Path log = home.resolve("moto.log");
            int port = Ports.free();
            // -H: loopback only. The working folder is home, where moto writes anything it keeps (a recording).
            ProcessBuilder pb = new ProcessBuilder(python.toString(), SERVER.toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port))
                    .directory(home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new AssertionError("could not start moto with " + python + ": " + e.getMessage(), e);
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            failure = awaitAnswer(process, http, endpoint, log);
            if (failure == null) {
                return new Moto(process, home, log, endpoint, http);
            }
            destroy(process);
            if (!failure.contains("Address already in use")) {
                break; // its log stays, for a closer look than the tail in the message
            }
            deleteTree(home);
        }
        throw new AssertionError(failure);
    }

    /** Where AWS clients send their calls, such as http://127.0.0.1:43121. */
    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource in every service (POST /moto-api/reset); IAM's managed policies come back. */
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("moto's reset answered " + response.statusCode() + ": " + response.body() + "\n"
                    + logTail(log));
        }
    }

    /** The last lines of the server's log (its access log and any traceback), for failure messages. */
    public String logTail() {
        return logTail(log);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the hook stops the server
        }
        stop();
    }

    private void stop() {
        destroy(process);
        deleteTree(home);
    }

    /** null once the server answers; otherwise why it did not, with its log's tail. */
    private static String awaitAnswer(Process process, HttpClient http, URI endpoint, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                return "moto's server exited with " + process.exitValue() + " before answering on " + endpoint + "\n" + logTail(log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return null;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for moto";
            }
            sleep(50);
        }
        return "moto's server did not answer on " + endpoint + " within " + START_TIMEOUT.toSeconds() + " s\n" + logTail(log);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("moto did not answer " + request.method() + " " + request.uri() + ": " + e + "\n"
                    + logTail(log), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return "moto's log (" + log + "), last lines:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "moto's log " + log + " could not be read: " + e.getMessage();
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("lamb-moto-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp folder is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
