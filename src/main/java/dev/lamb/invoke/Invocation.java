package dev.lamb.invoke;

import java.util.Optional;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;

/** One invocation's result, and the HTTP response it holds when the event was an API Gateway request that succeeded. */
public record Invocation(InvocationResult result, Optional<ProxyResponse> proxy) {}
