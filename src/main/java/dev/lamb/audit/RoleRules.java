package dev.lamb.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The execution role's policies, inline, customer managed and AWS managed alike: a wildcard action, every resource
 * ('*'), both at once (an administrator), or a *FullAccess policy.
 */
final class RoleRules {
    /**
     * Actions IAM authorizes on Resource "*" only: the Service Authorization Reference lists no resource type for them,
     * so '*' is the narrowest grant there is, not a wildcard to fix. lamb's role needs the X-Ray ones while tracing is
     * on (the function's segments, and the sampling rules the runtime asks for).
     */
    static final Set<String> ONLY_ON_EVERY_RESOURCE = Set.of("xray:puttracesegments", "xray:puttelemetryrecords",
            "xray:getsamplingrules", "xray:getsamplingtargets", "xray:getsamplingstatisticsummaries");

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
