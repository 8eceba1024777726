package dev.lamb.local.apigateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;

/**
 * API Gateway's Lambda proxy integration of a REST API (payload format 1.0) around the function, on
 * both sides: the request headers the event carries, the wait for the function, and the HTTP response
 * its answer becomes. lamb serve and the local cloud's execute-api both go through this; the event
 * itself is {@link ProxyEvent}'s.
 */
public final class ProxyIntegration {
    /** Hop-by-hop and framing headers: API Gateway passes them on neither way, and the server sets its own. */
    private static final Set<String> DROPPED = Set.of("content-length", "connection", "transfer-encoding", "keep-alive");
    /** What API Gateway writes in its execution log when a function's answer is no proxy response. */
    static final String MALFORMED = "Execution failed due to configuration error: Malformed Lambda proxy response";

    private ProxyIntegration() {}

    /** Whether a header crosses the gateway (in the event, or to the client). */
    public static boolean passesOn(String header) {
        return !DROPPED.contains(header.toLowerCase(Locale.ROOT));
    }

    /**
     * The request's headers as the event carries them: under their usual spelling (the JDK's server
     * keeps no case), without the hop-by-hop ones, with the X-Forwarded headers API Gateway adds.
     * port is the port the request came in on, or null when it is not known.
     */
    public static Map<String, List<String>> eventHeaders(Map<String, List<String>> received, String sourceIp, Integer port) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        received.forEach((name, values) -> {
            if (passesOn(name)) {
                headers.put(HeaderNames.canonical(name), values);
            }
        });
        headers.putIfAbsent("X-Forwarded-For", List.of(sourceIp));
        if (port != null) {
            headers.putIfAbsent("X-Forwarded-Port", List.of(port.toString()));
        }
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        return headers;
    }

    /**
     * The function's answer within the integration's timeout. A call that fails throws its own
     * RuntimeException; one still running at the limit throws TimeoutException, and runs on unwatched,
     * as Lambda's invocation outlives the gateway's wait.
     */
    public static InvocationResult within(Duration limit, Executor executor, Supplier<InvocationResult> invoke)
            throws TimeoutException {
        CompletableFuture<InvocationResult> running = CompletableFuture.supplyAsync(invoke, executor);
        try {
            return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The HTTP response for the function's answer: its proxy response, without the hop-by-hop headers;
     * or 502 when the function failed (its own timeout included: Lambda answers Sandbox.Timedout) or
     * answered something that is no proxy response, which executionLog hears of as API Gateway logs it.
     */
    public static GatewayResponse respond(InvocationResult result, Consumer<String> executionLog) {
        if (result.failed()) {
            return GatewayResponse.functionFailed();
        }
        Optional<ProxyResponse> parsed = ProxyResponse.parse(result.payload());
        if (parsed.isEmpty() || parsed.get().statusCode() < 100 || parsed.get().statusCode() > 599) {
            executionLog.accept(MALFORMED);
            return GatewayResponse.functionFailed();
        }
        ProxyResponse response = parsed.get();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            if (passesOn(name)) {
                headers.put(name, new ArrayList<>(values));
            }
        });
        return new GatewayResponse(response.statusCode(), headers, response.body());
    }
}
