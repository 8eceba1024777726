package dev.lamb.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.lamb.deploy.DeployNames;

/**
 * The execution role's policies, inline, customer managed and AWS managed alike: a wildcard action, every resource
 * ('*'), both at once (an administrator), or a *FullAccess policy.
 */
final class RoleRules {
    /**
     * Actions IAM authorizes on Resource "*" only: the Service Authorization Reference lists no resource type for them,
     * so '*' is the narrowest grant there is, not a wildcard to fix. They are lamb-xray's actions, taken from the deploy's
     * own list so that what a default deploy grants and what audit allows cannot drift apart, and X-Ray's sampling reads,
     * which AWSXRayDaemonWriteAccess (the managed policy many roles carry for tracing) grants on '*' too.
     */
    static final Set<String> ONLY_ON_EVERY_RESOURCE = Stream.concat(DeployNames.TRACING_ACTIONS.stream(),
                    Stream.of("xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"))
            .map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private RoleRules() {}

    static List<Finding> check(DeployedFunction fn) {
        List<Finding> out = new ArrayList<>();
        for (DeployedFunction.RolePolicy policy : fn.rolePolicies()) {
            String resource = policy.inline() ? fn.roleArn() : policy.arn();
            String which = policy.inline() ? "inline policy " + policy.name() : "managed policy " + policy.name();
            if (policy.name().endsWith("FullAccess")) {
                out.add(Rule.ROLE_FULL_ACCESS.at(resource, "the role " + roleName(fn) + " has " + which + " attached"));
            }
            for (PolicyStatement s : PolicyStatement.parse(policy.document())) {
                if (s.allow()) {
                    statement(out, resource, which + " " + s.label(), s);
                }
            }
        }
        return out;
    }

    private static void statement(List<Finding> out, String resource, String where, PolicyStatement s) {
        boolean everyAction = s.notAction() || s.actions().contains("*");
        boolean everyResource = s.notResource() || s.resources().stream().anyMatch(RoleRules::everyResource);
        String grants = where + " allows " + (s.notAction() ? "every action but " : "") + String.join(", ", s.actions()) + " on "
                + (s.notResource() ? "every resource but " : "") + String.join(", ", s.resources());
        if (everyAction && everyResource) {
            out.add(Rule.ROLE_ADMIN.at(resource, grants));
            return;
        }
        if (everyAction || s.actions().stream().anyMatch(a -> a.endsWith(":*"))) {
            out.add(Rule.ROLE_WILDCARD_ACTION.at(resource, grants));
        }
        if (everyResource && !s.actions().stream().allMatch(a -> ONLY_ON_EVERY_RESOURCE.contains(a.toLowerCase(Locale.ROOT)))) {
            out.add(Rule.ROLE_WILDCARD_RESOURCE.at(resource, grants));
        }
    }

    /** "*", or an ARN that is wildcards after its service ("arn:aws:logs:*:*:*", "arn:aws:s3:::*"): every resource. */
    static boolean everyResource(String arn) {
        if (arn.equals("*")) {
            return true;
        }
        String[] parts = arn.split(":", -1);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return false;
        }
        for (int i = 3; i < parts.length; i++) {
            if (!parts[i].isEmpty() && !parts[i].equals("*")) {
                return false;
            }
        }
        return true;
    }

    private static String roleName(DeployedFunction fn) {
        return FunctionReads.roleName(fn.roleArn());
    }
}
