package dev.lamb.audit;

import java.util.List;
import java.util.Map;

/**
 * What lamb audit read of a deployed function and its surroundings: lamb's own values, no SDK type, so that the rules
 * are pure. {@code qualifier} is the alias audited ("" for the function itself); {@code policies} and {@code onFailure}
 * are by qualifier ("" the unqualified function), holding only what exists; a null log group does not exist.
 */
record DeployedFunction(String arn, String name, String qualifier, String runtime, String roleArn, Map<String, String> environment,
        boolean tracing, String deadLetterTarget, Integer reservedConcurrency, String logGroupName, LogGroup logGroup,
        Map<String, String> policies, List<Url> urls, Map<String, String> onFailure, String recursion, List<RolePolicy> rolePolicies) {

    /** The log group as found: its ARN and retention in days (null: kept forever). */
    record LogGroup(String arn, Integer retentionDays) {}

    /** A Function URL of the function or of one of its aliases. */
    record Url(String qualifier, String functionArn, String authType) {}

    /** A policy of the execution role: inline (no ARN) or attached (its ARN), with its document. */
    record RolePolicy(String name, String arn, String document) {
        boolean inline() {
            return arn == null;
        }
    }

    /** The qualifier of a function ARN: its alias or version, "" for the function itself. */
    static String qualifierOf(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 7 ? parts[7] : "";
    }

    /** The ARN of the function at a qualifier. */
    String arnAt(String q) {
        return q.isEmpty() ? arn : arn + ":" + q;
    }
}
