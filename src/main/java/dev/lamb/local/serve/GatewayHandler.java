package dev.lamb.local.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.apigateway.HeaderNames;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.apigateway.ProxyRequest;

/**
 * One HTTP request as API Gateway's REST API handles it with a Lambda proxy integration: find the
 * route, build the proxy event, invoke, and turn the function's answer into the HTTP response, with
 * API Gateway's own status codes and bodies when there is no route, no valid answer, or no answer in
 * time.
 */
final class GatewayHandler implements HttpHandler {
    /** Hop-by-hop and framing headers: API Gateway does not pass them on, and the server sets its own. */
    private static final Set<String> DROPPED = Set.of("content-length", "connection", "transfer-encoding", "keep-alive");

    private final Supplier<RouteTable> routes;
    private final LiveFunction function;
    private final ServeLog log;
    private final Duration integrationTimeout;
    private final Executor longInvocations;

    /** routes gives the table in force: a reload of lamb.toml replaces it. */
    GatewayHandler(Supplier<RouteTable> routes, LiveFunction function, ServeLog log, Duration integrationTimeout,
            Executor longInvocations) {
        this.routes = routes;
        this.function = function;
        this.log = log;
        this.integrationTimeout = integrationTimeout;
        this.longInvocations = longInvocations;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            RouteTable table = routes.get();
            Optional<RouteTable.Match> match = table.match(method, path);
            if (match.isEmpty()) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "MissingAuthenticationTokenException");
                send(exchange, 403, json("{\"message\":\"Missing Authentication Token\"}"));
                log.unrouted(method, path, millisSince(start));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            RouteTable.Match m = match.get();
            byte[] event = ProxyEvent.build(new ProxyRequest(method, m.path(), m.route().path(), m.pathParameters(),
                    query(uri.getRawQuery()), headers(exchange), body, table.stage(), "local",
                    exchange.getRemoteAddress().getAddress().getHostAddress()));
            InvocationResult result = null;
            int status;
            try {
                result = invoke(event);
                status = answer(exchange, result);
            } catch (TimeoutException e) {
                status = timedOut(exchange);
            } catch (RuntimeException e) {
                // The runtime did not start, or lamb serve is stopping: API Gateway's answer to a failed invoke.
                log.error("lamb serve: " + e.getMessage());
                status = internalError(exchange);
            }
            log.request(method, path, status, millisSince(start), function.spec().name(),
                    result == null ? List.of() : LocalFunction.inProject(result, function.spec().taskRoot()).logLines(),
                    result == null ? null : result.report());
        }
    }

    /** API Gateway gives up after its integration timeout (29 s), whatever the function's own timeout. */
    private InvocationResult invoke(byte[] event) throws TimeoutException {
        if (function.spec().timeoutSeconds() * 1000L <= integrationTimeout.toMillis()) {
            return function.invoke(event);
        }
        CompletableFuture<InvocationResult> running = CompletableFuture.supplyAsync(() -> function.invoke(event), longInvocations);
        try {
            return running.get(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private int answer(HttpExchange exchange, InvocationResult result) throws IOException {
        // A function that times out is a function error to API Gateway (Lambda answers Sandbox.Timedout):
        // 502, as any other; 504 is only for the gateway's own 29 s limit.
        if (result.failed()) {
            return internalError(exchange);
        }
        Optional<ProxyResponse> parsed = ProxyResponse.parse(result.payload());
        if (parsed.isEmpty() || parsed.get().statusCode() < 100 || parsed.get().statusCode() > 599) {
            log.error("Execution failed due to configuration error: Malformed Lambda proxy response");
            return internalError(exchange);
        }
        ProxyResponse response = parsed.get();
        Headers out = exchange.getResponseHeaders();
        response.headers().forEach((name, values) -> {
            if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                out.put(name, new ArrayList<>(values));
            }
        });
        send(exchange, response.statusCode(), response.body());
        return response.statusCode();
    }

    private int timedOut(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "IntegrationTimeoutException");
        send(exchange, 504, json("{\"message\": \"Endpoint request timed out\"}"));
        return 504;
    }

    private int internalError(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalServerErrorException");
        send(exchange, 502, json("{\"message\": \"Internal server error\"}"));
        return 502;
    }

    private static byte[] json(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        if (!headers.containsKey("Content-Type")) {
            headers.set("Content-Type", "application/json");
        }
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Query parameters decoded, every value kept in order, as multiValueQueryStringParameters has them. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /**
     * The request's headers under their usual spelling (the JDK's server keeps no case, so
     * `content-type` and `Content-type` both reach the handler as `Content-Type`), with the
     * X-Forwarded headers API Gateway adds.
     */
    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(HeaderNames.canonical(name), values);
            }
        });
        headers.putIfAbsent("X-Forwarded-For", List.of(exchange.getRemoteAddress().getAddress().getHostAddress()));
        headers.putIfAbsent("X-Forwarded-Port", List.of(Integer.toString(exchange.getLocalAddress().getPort())));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        return headers;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
