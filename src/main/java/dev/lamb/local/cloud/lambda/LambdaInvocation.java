package dev.lamb.local.cloud.lambda;

import java.time.Instant;

import dev.lamb.lambda.InvocationResult;

/**
 * One finished invocation, as the services that watch Lambda see it: CloudWatch Logs files its log
 * lines, X-Ray records a trace when the function's tracing is Active, CloudWatch records its metrics.
 *
 * @param qualifier the alias or version the invoker named, or null when it named none
 * @param concurrentExecutions the function's invocations running as this one started, itself included
 */
public record LambdaInvocation(String functionName, String functionArn, String executedVersion, String logGroup,
        boolean tracingActive, Instant started, InvocationResult result, String qualifier, int concurrentExecutions) {}
