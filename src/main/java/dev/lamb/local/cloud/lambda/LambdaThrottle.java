package dev.lamb.local.cloud.lambda;

import java.time.Instant;

/** A synchronous invocation Lambda throttled (429): the function, the qualifier the invoker named (or null), and when. */
public record LambdaThrottle(String functionName, String qualifier, Instant at) {}
