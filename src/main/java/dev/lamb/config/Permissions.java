package dev.lamb.config;

import java.util.List;

/**
 * What the function may do beyond writing its own logs (and traces, with tracing on): the statements of
 * [[function.permissions]] and the managed policies of function.policies, added to lamb's role as given.
 */
public record Permissions(List<Statement> statements, List<String> managedPolicies) {
    public static final Permissions NONE = new Permissions(List.of(), List.of());

    /** One IAM policy statement: its effect (Allow or Deny), actions ("s3:GetObject") and resources (ARNs, or "*"). */
    public record Statement(String effect, List<String> actions, List<String> resources) {}

    public boolean isEmpty() {
        return statements.isEmpty() && managedPolicies.isEmpty();
    }
}
