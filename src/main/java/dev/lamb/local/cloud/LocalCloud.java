package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.lamb.LambException;
import dev.lamb.local.HttpServers;

/**
 * The local cloud: AWS's services on one port of 127.0.0.1, each request routed to its service as AWS
 * routes it, every response carrying a request id, every error in its protocol's shape.
 */
public final class LocalCloud implements AutoCloseable {
    public static final int DEFAULT_PORT = 4588;
    static final String HEALTH_PATH = "/_lamb/health";
    public static final String FAULTS_PATH = "/_lamb/faults";
    private static final BodyLimit FAULT_RULE_LIMIT = BodyLimit.of(65_536,
            new AwsServiceException(413, "RequestEntityTooLargeException", "a fault rule must be smaller than 65536 bytes"));
    /** How long a big body waits for room in the budget before its request is throttled. */
    private static final long BODY_ROOM_WAIT_MILLIS = 5_000;

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, AwsService> services = new LinkedHashMap<>();
    /** Done once {@link #services} holds every service: requests wait for it, so none sees a service half loaded. */
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final Faults faults = new Faults();
    private final RequestAdmission admission;
    private final SessionAuthorization authorization;
    private final long startedAt = System.currentTimeMillis();
    private final BodyBudget bodies = BodyBudget.forThisHeap();

    private LocalCloud(HttpServer server, Optional<LocalCloudCredentials> keys) {
        this.server = server;
        Function<String, Optional<SessionCaller>> sessions = key -> callerOf(services.values(), key);
        this.admission = new RequestAdmission(keys, Clock.systemUTC(), sessions);
        this.authorization = new SessionAuthorization(sessions);
        // Invocations can take as long as a function's timeout, so requests get threads of their own.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lamb-local-cloud");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    private void serve(List<AwsService> services) {
        services.forEach(s -> this.services.put(s.signingName(), s));
        services.forEach(s -> s.useFaults(faults));
        services.forEach(s -> s.servedAt(endpoint()));
        loaded.complete(null);
    }

    /** A cloud that requires signatures but accepts any keys. */
    public static LocalCloud start(int port, List<AwsService> services) {
        return start(port, services, Optional.empty());
    }

    /**
     * Listens on 127.0.0.1 only, so that no other machine reaches it; with keys (--auth), verifies every
     * control-plane signature against them, so that no other user of this machine does either.
     */
    public static LocalCloud start(int port, List<AwsService> services, Optional<LocalCloudCredentials> keys) {
        LocalCloud cloud;
        try {
            cloud = listen(port, keys);
        } catch (LambException e) {
            services.forEach(AwsService::close);
            throw e;
        }
        cloud.serve(services);
        return cloud;
    }

    /**
     * Listens at once and loads the services meanwhile, on a thread of their own: `lamb local start --detach` is
     * done once the cloud listens, without waiting for its state (~0.2 s of a start, more with much state). A
     * request waits until the services are loaded; only a plain health check answers meanwhile, without the
     * services' counts. {@link #awaitLoaded} says when they are loaded, or why they could not be.
     */
    public static LocalCloud startLoading(int port, Supplier<List<AwsService>> services, Optional<LocalCloudCredentials> keys) {
        LocalCloud cloud = listen(port, keys);
        Thread loader = new Thread(() -> {
            try {
                cloud.serve(services.get());
            } catch (RuntimeException | Error e) {
                cloud.loaded.completeExceptionally(e);
            }
        }, "lamb-local-cloud-load");
        loader.setDaemon(true);
        loader.start();
        return cloud;
    }

    private static LocalCloud listen(int port, Optional<LocalCloudCredentials> keys) {
        try {
            return new LocalCloud(HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64), keys);
        } catch (BindException e) {
            throw LambException.usage("port " + port + " on 127.0.0.1 is in use: is a local cloud already running "
                    + "('lamb local status')? Or choose another with --port");
        } catch (IOException e) {
            throw LambException.io("could not listen on 127.0.0.1:" + port, e);
        }
    }

    /** Waits until the services are loaded; throws what stopped them from loading. */
    public void awaitLoaded() throws InterruptedException {
        try {
            loaded.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw (Error) e.getCause();
        }
    }

    private static AwsServiceException stopping() {
        return AwsServiceException.cloudStopping("ServiceUnavailableException");
    }

    /** Waits until the services are loaded, as a request does; empty once they are, else what to answer. */
    private Optional<AwsServiceException> awaitServices() {
        try {
            loaded.get();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(stopping());
        } catch (ExecutionException e) {
            return Optional.of(new AwsServiceException(500, "ServiceException",
                    "lamb's local cloud could not load its state; its log says why"));
        }
    }

    /** The role session an access key belongs to, if a service (STS) issued it. */
    private static Optional<SessionCaller> callerOf(Collection<AwsService> services, String accessKeyId) {
        return services.stream().map(s -> s.caller(accessKeyId)).flatMap(Optional::stream).findFirst();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The fault rules, empty (off) until a test or 'lamb local faults add' sets some. */
    public Faults faults() {
        return faults;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean cut = false;
        try {
            respond(exchange);
        } catch (CloudResponse.Cut e) {
            // Left open, the exchange's connection is closed by the JDK's server when the handler throws:
            // the client sees the body break off, with no end-of-body chunk, as on a network failure.
            cut = true;
            throw e;
        } finally {
            if (!cut) {
                exchange.close();
            }
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        CloudResponse response = dispatch(exchange);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().put(k, List.of(v.split("\n"))));
        if (!exchange.getResponseHeaders().containsKey(CloudResponse.REQUEST_ID)) {
            exchange.getResponseHeaders().set(CloudResponse.REQUEST_ID, RandomIds.next());
        }
        if (response.stream() != null) {
            // A stream of known length (an S3 object) is sent with its Content-Length, any other chunked.
            String length = response.headers().get("Content-Length");
            exchange.sendResponseHeaders(response.status(), length == null ? 0 : Long.parseLong(length));
            OutputStream out = exchange.getResponseBody();
            response.stream().writeTo(out);
            out.close();
            return;
        }
        boolean noBody = response.body().length == 0 || exchange.getRequestMethod().equals("HEAD")
                || response.status() == 204 || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private CloudResponse dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        var headers = exchange.getRequestHeaders();
        var admitted = RequestAdmission.read(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), path,
                exchange.getRequestURI().getRawQuery(), headers::get);
        Optional<String> name = Optional.ofNullable(admitted.service());
        boolean status = STATUS_QUERY.equals(exchange.getRequestURI().getRawQuery());
        boolean own = path.equals(HEALTH_PATH) && !status || path.equals(FAULTS_PATH);
        Optional<AwsServiceException> unloaded = own && !loaded.isDone() ? Optional.empty() : awaitServices();
        AwsService service = unloaded.isPresent() ? null : name.map(services::get).orElse(null);
        Optional<AwsServiceException> refused = admission.beforeBody(admitted, port()).or(() -> unloaded);
        if (refused.isPresent()) {
            return service == null ? unserved(name, headers, refused.get()) : service.error(refused.get());
        }
        if (path.equals(HEALTH_PATH)) {
            return health(status);
        }
        if (path.equals(FAULTS_PATH)) {
            byte[] rule = readBody(exchange, FAULT_RULE_LIMIT, declaredLength(exchange));
            refused = admission.afterBodyOfAdmin(admitted, rule);
            return refused.isPresent() ? AwsService.jsonError(refused.get()) : faultsAdmin(exchange.getRequestMethod(), rule);
        }
        if (service == null) {
            return unserved(name, headers, AwsServiceException.notImplemented(name
                    .map(n -> "lamb's local cloud does not serve the " + n + " service yet")
                    .orElse("lamb's local cloud cannot tell which AWS service " + exchange.getRequestMethod() + " " + path + " is for")));
        }
        TreeMap<String, List<String>> headerMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> headerMap.put(k, List.copyOf(v)));
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        CloudRequest head = new CloudRequest(exchange.getRequestMethod(), path, query(rawQuery), headerMap, new byte[0],
                admitted.region(), admitted.scope(), exchange.getRequestURI().getRawPath(), rawQuery);
        try {
            return serve(service, head, exchange, admitted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return service.error(head, stopping());
        } catch (AwsServiceException e) {
            CloudResponse response = service.error(head, e);
            // A body far past its limit is left unread: the connection goes with it, not on to a next request.
            return Faults.retryAfter(e).map(v -> response.withHeader("Retry-After", v))
                    .orElse(e.status() == 413 ? response.withHeader("Connection", "close") : response);
        } catch (RuntimeException e) {
            // The answer never carries Java's words (class names, traces); the cloud's own log does.
            System.err.println("lamb local cloud: " + exchange.getRequestMethod() + " " + path + " failed: " + e);
            return service.error(head, new AwsServiceException(500, "ServiceException",
                    "lamb's local cloud failed on this request; its log says why"));
        }
    }

    private static CloudResponse unserved(Optional<String> name, Headers headers, AwsServiceException e) {
        return UnservedServices.error(name, headers.getFirst("X-Amz-Target"), headers.getFirst("Content-Type"), e);
    }

    /** Reads the body within its limit and the cloud's budget for big bodies, then applies faults and the service. */
    private CloudResponse serve(AwsService service, CloudRequest head, HttpExchange exchange, RequestAdmission.Request admitted)
            throws IOException, InterruptedException {
        if (service instanceof StreamingService streaming) {
            return serveStreamed(streaming, head, exchange, admitted);
        }
        BodyLimit limit = service.bodyLimit(head);
        long declared = declaredLength(exchange);
        // A compressed body may inflate to the whole limit, whatever its declared length.
        long held = declared > limit.bytes() ? 0 : declared < 0 || RequestEncoding.compressed(head) ? limit.bytes() : declared;
        try (BodyBudget.Room room = bodies.take(held, BODY_ROOM_WAIT_MILLIS).orElseThrow(() -> Faults.throttling(
                service.signingName(), "Rate exceeded: lamb's local cloud is reading too many large requests at once"))) {
            byte[] sent = readBody(exchange, limit, declared);
            // The signature covers the body as sent (compressed), so it is checked once the body is read; the rest
            // (IAM's operation, which a query body names) reads the body as inflated.
            Optional<AwsServiceException> unsigned = admission.afterBody(admitted, sent);
            if (unsigned.isPresent()) {
                throw unsigned.get();
            }
            CloudRequest request = head.withBody(RequestEncoding.decoded(head, sent, limit));
            Optional<AwsServiceException> refused = authorization.permitted(admitted, request, service);
            if (refused.isPresent()) {
                throw refused.get();
            }
            applyFault(service, request);
            return service.handle(request);
        }
    }

    /** Hands the body to a service that streams it, once the head is verified against the payload hash it declares. */
    private CloudResponse serveStreamed(StreamingService service, CloudRequest head, HttpExchange exchange,
            RequestAdmission.Request admitted) throws IOException, InterruptedException {
        Optional<AwsServiceException> refused = admission.beforeStream(admitted).or(() -> authorization.permitted(admitted, head, service));
        if (refused.isPresent()) {
            throw refused.get();
        }
        applyFault(service, head);
        try (InputStream body = exchange.getRequestBody()) {
            return service.handle(head, body);
        }
    }

    /** The fault rules' effect on the request: a delay, an error thrown, or none. */
    private void applyFault(AwsService service, CloudRequest request) throws InterruptedException {
        Faults.Effect fault = faults.decide(service.signingName(), request);
        if (fault.delayMillis() > 0) {
            Thread.sleep(fault.delayMillis());
        }
        if (fault.error() != null) {
            throw fault.error();
        }
    }

    /** The body's Content-Length, or -1 when it has none (chunked). */
    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return length == null ? -1 : Long.parseLong(length.trim());
    }

    private static byte[] readBody(HttpExchange exchange, BodyLimit limit, long declared) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return limit.read(in, declared);
        }
    }

    /** That it serves, since when, in which process, and how many functions and APIs it holds. */
    /** With this query, the health answer says all that `lamb local status` shows, not only that the cloud is up. */
    static final String STATUS_QUERY = "status";

    private CloudResponse health(boolean status) {
        // A plain check answers while the services load (the status waits for them), and says so: in the JSON Jackson
        // would write, without Jackson, whose start (~0.1 s) would delay the first answer, which a detached start waits for.
        if (!loaded.isDone() || loaded.isCompletedExceptionally()) {
            return CloudResponse.of(200, "application/json", "{\"status\":\"ok\",\"startedAt\":" + startedAt + ",\"pid\":"
                    + ProcessHandle.current().pid() + ",\"loading\":true}");
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("services", List.copyOf(services.keySet()));
        health.put("startedAt", startedAt);
        health.put("pid", ProcessHandle.current().pid());
        services.values().forEach(s -> health.putAll(s.counts()));
        if (status) {
            services.values().forEach(s -> health.putAll(s.about()));
        }
        return CloudResponse.json(200, health);
    }

    /** Made on first use (a fault rule), not before the cloud listens. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** GET lists the fault rules, POST adds one (a JSON object), DELETE clears them all. */
    private CloudResponse faultsAdmin(String method, byte[] body) throws IOException {
        switch (method) {
            case "GET":
                return CloudResponse.json(200, Map.of("faults", faults.list()));
            case "DELETE":
                faults.clear();
                return CloudResponse.json(200, Map.of("faults", List.of()));
            case "POST":
                try {
                    var node = Json.MAPPER.readTree(body);
                    if (node == null || !node.isObject()) {
                        return CloudResponse.json(400, Map.of("message", "the body must be a JSON object"));
                    }
                    FaultRule rule = faults.add(text(node, "service"), text(node, "operation"), text(node, "kind"),
                            node.hasNonNull("rate") ? node.get("rate").asDouble() : null,
                            node.hasNonNull("millis") ? node.get("millis").asLong() : null,
                            node.hasNonNull("count") ? node.get("count").asInt() : null);
                    return CloudResponse.json(201, rule.toJson());
                } catch (JsonProcessingException e) {
                    return CloudResponse.json(400, Map.of("message", "the body is not JSON: " + e.getOriginalMessage()));
                } catch (IllegalArgumentException e) {
                    return CloudResponse.json(400, Map.of("message", e.getMessage()));
                } catch (AwsServiceException e) {
                    return CloudResponse.json(e.status(), Map.of("message", e.getMessage()));
                }
            default:
                return CloudResponse.json(405, Map.of("message", "use GET, POST or DELETE on " + FAULTS_PATH));
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        // Services still loading are closed once loaded, so that nothing they write is cut off.
        if (awaitServices().isEmpty()) {
            services.values().forEach(AwsService::close);
        }
    }
}
