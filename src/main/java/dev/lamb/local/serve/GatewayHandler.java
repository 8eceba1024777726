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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.apigateway.GatewayResponse;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.apigateway.ProxyIntegration;
import dev.lamb.local.apigateway.ProxyRequest;

/**
 * One HTTP request as API Gateway's REST API handles it with a Lambda proxy integration: find the
 * route, build the proxy event, invoke, and turn the function's answer into the HTTP response, with
 * API Gateway's own status codes and bodies when there is no route, no valid answer, or no answer in
 * time.
 */
final class GatewayHandler implements HttpHandler {
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
                send(exchange, GatewayResponse.missingRoute().forMethod(method));
                log.unrouted(method, path, millisSince(start));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            RouteTable.Match m = match.get();
            String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
            byte[] event = ProxyEvent.build(new ProxyRequest(method, m.path(), m.route().resource(), m.pathParameters(),
                    query(uri.getRawQuery()), ProxyIntegration.eventHeaders(exchange.getRequestHeaders(), sourceIp,
                            exchange.getLocalAddress().getPort()), body, table.stage(), "local", sourceIp));
            InvocationResult result = null;
            GatewayResponse response;
            try {
                result = invoke(event);
                response = ProxyIntegration.respond(result, log::error);
            } catch (TimeoutException e) {
                response = GatewayResponse.timedOut();
            } catch (RuntimeException e) {
                // The runtime did not start, or lamb serve is stopping: API Gateway's answer to a failed invoke.
                log.error("lamb serve: " + e.getMessage());
                response = GatewayResponse.functionFailed();
            }
            send(exchange, response.forMethod(method));
            log.request(method, path, response.status(), millisSince(start), function.spec().name(),
                    result == null ? List.of() : LocalFunction.inProject(result, function.spec().taskRoot()).logLines(),
                    result == null ? null : result.report());
        }
    }

    /** API Gateway gives up after its integration timeout (29 s), whatever the function's own timeout. */
    private InvocationResult invoke(byte[] event) throws TimeoutException {
        if (function.spec().timeoutSeconds() * 1000L <= integrationTimeout.toMillis()) {
            return function.invoke(event);
        }
        return ProxyIntegration.within(integrationTimeout, longInvocations, () -> function.invoke(event));
    }

    private static void send(HttpExchange exchange, GatewayResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
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

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
