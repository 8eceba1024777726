package dev.lamb.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.lamb.local.HttpServers;

/**
 * The Lambda Runtime API (2018-06-01) for one instance, on its own port of 127.0.0.1: the runtime in
 * the function's process long-polls `next` for an event and posts the result or error back, exactly as
 * Lambda's own runtimes do. One port per instance is how an instance is told apart, since
 * AWS_LAMBDA_RUNTIME_API is a bare host:port.
 */
final class RuntimeApi implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";
    /** Lambda's limit on a synchronous response, plus the slack its API allows. */
    private static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

    /** An event waiting for the runtime, and where its outcome goes. */
    static final class Pending {
        final String requestId;
        final byte[] event;
        final long deadlineEpochMs;
        final String invokedArn;
        final String traceId;
        /** Where a streamed response goes as it comes; null to buffer it. */
        final ResponseStream stream;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        /** Completes when the runtime, having answered, asks for its next event. */
        final CompletableFuture<Void> runtimeIdle = new CompletableFuture<>();
        volatile long deliveredNanos;

        /** An event whose response, streamed or not, is buffered. */
        Pending(String requestId, byte[] event, long deadlineEpochMs, String invokedArn, String traceId) {
            this(requestId, event, deadlineEpochMs, invokedArn, traceId, null);
        }

        Pending(String requestId, byte[] event, long deadlineEpochMs, String invokedArn, String traceId, ResponseStream stream) {
            this.requestId = requestId;
            this.event = event;
            this.deadlineEpochMs = deadlineEpochMs;
            this.invokedArn = invokedArn;
            this.traceId = traceId;
            this.stream = stream;
        }
    }

    /** The runtime's answer: a result, or an error with the type it reported. */
    record Outcome(byte[] body, String errorType, long receivedNanos) {}

    private final HttpServer server;
    private final ExecutorService threads;
    private final String token;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean nextSeen = new AtomicBoolean();
    private final CompletableFuture<Long> firstNextNanos = new CompletableFuture<>();
    private final CompletableFuture<Outcome> initError = new CompletableFuture<>();
    private volatile Pending current;
    private volatile Pending lastAnswered;


    RuntimeApi() throws IOException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        token = HexFormat.of().formatHex(secret);
        server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lamb-runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** host:port/token, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort() + "/" + token;
    }

    /** Completes when the runtime first asks for an event: the end of its init phase. */
    CompletableFuture<Long> firstNext() {
        return firstNextNanos;
    }

    /** Completes when the runtime reports that its init failed. */
    CompletableFuture<Outcome> initError() {
        return initError;
    }

    void offer(Pending pending) {
        queue.add(pending);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String given = exchange.getRequestURI().getRawPath();
            int end = given.indexOf('/', 1);
            if (end < 0 || !MessageDigest.isEqual(given.substring(1, end).getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                reply(exchange, 403, "{\"errorType\":\"AccessDenied\",\"errorMessage\":\"this Runtime API belongs to "
                        + "another process: use the address in its AWS_LAMBDA_RUNTIME_API\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath().substring(end);
            String method = exchange.getRequestMethod();
            if (!path.startsWith(PREFIX)) {
                reply(exchange, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"unknown path " + path + "\"}");
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (method.equals("GET") && rest.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && rest.equals("init/error")) {
                initError.complete(new Outcome(read(exchange), errorType(exchange), System.nanoTime()));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && rest.startsWith("invocation/")
                    && (rest.endsWith("/response") || rest.endsWith("/error"))) {
                result(exchange, rest);
            } else {
                reply(exchange, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"unknown path " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (nextSeen.compareAndSet(false, true)) {
            firstNextNanos.complete(System.nanoTime());
        }
        Pending answered = lastAnswered;
        if (answered != null) {
            answered.runtimeIdle.complete(null);
        }
        Pending p;
        try {
            p = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        current = p;
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", p.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(p.deadlineEpochMs));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", p.invokedArn);
        headers.set("Lambda-Runtime-Trace-Id", p.traceId);
        p.deliveredNanos = System.nanoTime();
        exchange.sendResponseHeaders(200, p.event.length == 0 ? -1 : p.event.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(p.event);
        }
    }

    private void result(HttpExchange exchange, String rest) throws IOException {
        String id = rest.substring("invocation/".length(), rest.lastIndexOf('/'));
        boolean error = rest.endsWith("/error");
        Pending p = current;
        if (p == null || !p.requestId.equals(id)) {
            reply(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        if (!error && p.stream != null && "streaming".equalsIgnoreCase(exchange.getRequestHeaders()
                .getFirst("Lambda-Runtime-Function-Response-Mode"))) {
            stream(exchange, p);
            return;
        }
        byte[] body = read(exchange);
        if (!error && body.length > MAX_RESPONSE_BYTES) {
            current = null;
            // Answered too: its next /next says the runtime is idle, or the invoker waits out its drain for nothing.
            lastAnswered = p;
            p.outcome.complete(new Outcome(("{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size ("
                    + MAX_RESPONSE_BYTES + " bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}")
                    .getBytes(StandardCharsets.UTF_8), "Function.ResponseSizeTooLarge", System.nanoTime()));
            reply(exchange, 413, "{\"errorMessage\":\"Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES
                    + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
            return;
        }
        current = null;
        lastAnswered = p;
        long received = System.nanoTime();
        // Answer the runtime first: it flushed its output before posting, and the caller reads the logs next.
        reply(exchange, 202, "{\"status\":\"OK\"}");
        p.outcome.complete(new Outcome(body, error ? errorType(exchange) : null, received));
    }

    /**
     * A streamed response, handed on piece by piece as the runtime sends it (chunked); its outcome, when it ends, has no
     * body, since the caller has had it all. A stream the runtime breaks off (its handler failed mid-stream) is an error.
     */
    private void stream(HttpExchange exchange, Pending p) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        p.stream.open(contentType == null ? "application/octet-stream" : contentType);
        String errorType = null;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (n > 0) {
                    p.stream.write(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException e) {
            errorType = "Runtime.StreamError";
        }
        current = null;
        lastAnswered = p;
        long received = System.nanoTime();
        if (errorType == null) {
            reply(exchange, 202, "{\"status\":\"OK\"}");
        }
        p.outcome.complete(new Outcome(new byte[0], errorType, received));
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return type == null || type.isBlank() ? "Unhandled" : type;
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
