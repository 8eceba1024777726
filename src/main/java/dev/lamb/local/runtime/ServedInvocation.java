package dev.lamb.local.runtime;

import dev.lamb.lambda.InvocationResult;

/**
 * An invocation's result and the instance that served it, as Lambda's provisioned-concurrency metrics tell them apart.
 *
 * @param provisioned whether a provisioned instance served it (else an on-demand one: a spillover when the function
 *                    has provisioned concurrency)
 * @param provisionedInUse the function configuration's provisioned instances busy as it started, itself included
 */
public record ServedInvocation(InvocationResult result, boolean provisioned, int provisionedInUse) {}
