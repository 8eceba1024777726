package dev.lamb.local.cloud.lambda;

import java.time.Instant;

import dev.lamb.lambda.InvocationResult;

/**
 * One finished invocation, as the services that watch Lambda see it: CloudWatch Logs files its log
 * lines, X-Ray records a trace when the function's tracing is Active, CloudWatch records its metrics. The function's ARN
 * is the one it was invoked as, qualified with the alias or version the caller named, as X-Ray's Lambda segments carry
 * it (resource_arn).
 *
 * @param qualifier the alias or version the invoker named, or null when it named none
 * @param concurrentExecutions the function's invocations running as this one started, itself included
 * @param provisioned how provisioned concurrency served it, when the qualifier it was invoked by has a config; else null
 */
public record LambdaInvocation(String functionName, String functionArn, String executedVersion, String logGroup,
        boolean tracingActive, Instant started, InvocationResult result, String qualifier, int concurrentExecutions,
        ProvisionedUse provisioned) {

    /**
     * An invocation through an alias or version with provisioned concurrency.
     *
     * @param served whether a provisioned instance served it (else it spilled over to an on-demand one)
     * @param inUse the provisioned instances busy as it started, itself included
     * @param allocated the provisioned instances the config has ready (0 while it is IN_PROGRESS)
     */
    public record ProvisionedUse(boolean served, int inUse, int allocated) {}
}
