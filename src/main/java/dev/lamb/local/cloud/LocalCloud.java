package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, AwsService> services = new LinkedHashMap<>();

    private LocalCloud(HttpServer server, List<AwsService> services) {
        this.server = server;
        services.forEach(s -> this.services.put(s.signingName(), s));
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

    /** Listens on 127.0.0.1 only: the local cloud accepts any credentials, so it must not be reachable from elsewhere. */
    public static LocalCloud start(int port, List<AwsService> services) {
        try {
            return new LocalCloud(HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64),
                    services);
        } catch (BindException e) {
            services.forEach(AwsService::close);
            throw LambException.usage("port " + port + " on 127.0.0.1 is in use: is a local cloud already running "
                    + "('lamb local status')? Or choose another with --port");
        } catch (IOException e) {
            services.forEach(AwsService::close);
            throw LambException.io("could not listen on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            CloudResponse response = dispatch(exchange);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            if (response.stream() != null) {
                exchange.sendResponseHeaders(response.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    response.stream().writeTo(out);
                }
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
    }

    private CloudResponse dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals(HEALTH_PATH)) {
            return CloudResponse.json(200, Map.of("status", "ok", "services", List.copyOf(services.keySet())));
        }
        var headers = exchange.getRequestHeaders();
        String authorization = headers.getFirst("Authorization");
        Optional<String> name = ServiceRouter.serviceOf(exchange.getRequestMethod(), path, headers.getFirst("Host"), authorization,
                headers.getFirst("X-Amz-Target"), headers.getFirst("Content-Type"));
        AwsService service = name.map(services::get).orElse(null);
        if (service == null) {
            return AwsService.jsonError(new AwsServiceException(501, "NotImplemented", name
                    .map(n -> "lamb's local cloud does not serve the " + n + " service yet")
                    .orElse("lamb's local cloud cannot tell which AWS service " + exchange.getRequestMethod() + " " + path + " is for")));
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        TreeMap<String, List<String>> headerMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> headerMap.put(k, List.copyOf(v)));
        CloudRequest request = new CloudRequest(exchange.getRequestMethod(), path,
                query(exchange.getRequestURI().getRawQuery()), headerMap, body,
                ServiceRouter.regionOf(authorization).orElse("us-east-1"));
        try {
            return service.handle(request);
        } catch (AwsServiceException e) {
            return service.error(e);
        } catch (RuntimeException e) {
            return service.error(new AwsServiceException(500, "ServiceException",
                    "lamb's local cloud failed on this request: " + e));
        }
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
        services.values().forEach(AwsService::close);
    }
}
