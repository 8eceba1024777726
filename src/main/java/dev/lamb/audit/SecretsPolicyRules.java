package dev.lamb.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.lamb.config.SecretReference;
import dev.lamb.deploy.DeployNames;

/**
 * lamb-secrets, the role's inline policy deploy writes for [function.secrets], against the secrets referenced: a grant
 * of a secret no longer referenced, or any wildcard. References come from lamb.toml when there is a project; for
 * --function, from the NAME_SECRET_ARN variables the function finds its secrets by.
 */
final class SecretsPolicyRules {
    private static final String POLICY = DeployNames.SECRETS_POLICY;

    private SecretsPolicyRules() {}

    static List<Finding> check(DeployedFunction fn, Optional<Map<String, SecretReference>> references) {
        List<Finding> out = new ArrayList<>();
        Set<String> referencedArns = referencedArns(fn, references);
        for (DeployedFunction.RolePolicy policy : fn.rolePolicies()) {
            if (!policy.inline() || !policy.name().equals(POLICY)) {
                continue;
            }
            for (PolicyStatement s : PolicyStatement.parse(policy.document())) {
                List<String> wild = new ArrayList<>();
                s.actions().stream().filter(SecretsPolicyRules::wildcard).forEach(wild::add);
                s.resources().stream().filter(SecretsPolicyRules::wildcard).forEach(wild::add);
                if (s.notAction() || s.notResource() || !wild.isEmpty()) {
                    out.add(Rule.SECRETS_POLICY_WILDCARD.at(fn.roleArn(), POLICY + " " + s.label() + " grants "
                            + (wild.isEmpty() ? "by exclusion (NotAction or NotResource)" : String.join(", ", wild))));
                    continue;
                }
                for (String resource : s.resources()) {
                    if (isSecret(resource) && !referencedArns.contains(resource) && !references.map(r -> named(r, resource)).orElse(false)) {
                        out.add(Rule.SECRETS_POLICY_UNREFERENCED.at(fn.roleArn(), POLICY + " " + s.label() + " grants " + resource
                                + ", which no [function.secrets] entry references"));
                    }
                }
            }
        }
        return out;
    }

    /** The ARNs the function's NAME_SECRET_ARN variables hold, for the names referenced (every such variable for --function). */
    private static Set<String> referencedArns(DeployedFunction fn, Optional<Map<String, SecretReference>> references) {
        Set<String> arns = new TreeSet<>();
        fn.environment().forEach((name, value) -> {
            boolean referenced = references.map(r -> r.keySet().stream().anyMatch(n -> SecretReference.variable(n).equals(name)))
                    .orElse(name.endsWith(SecretReference.VARIABLE_SUFFIX));
            if (referenced) {
                arns.add(value.contains("#") ? value.substring(0, value.indexOf('#')) : value);
            }
        });
        references.ifPresent(r -> r.values().stream().filter(SecretReference::isArn).forEach(ref -> arns.add(ref.id())));
        return arns;
    }

    /** Whether a lamb.toml reference by name is this ARN: a secret's ARN ends in NAME-xxxxxx, a parameter's in parameter/PATH. */
    private static boolean named(Map<String, SecretReference> references, String arn) {
        for (SecretReference ref : references.values()) {
            if (ref.store() == SecretReference.Store.SECRETS_MANAGER && arn.contains(":secret:")) {
                String name = arn.substring(arn.indexOf(":secret:") + ":secret:".length());
                if (name.matches("\\Q" + ref.id() + "\\E-[A-Za-z0-9]{6}")) {
                    return true;
                }
            }
            if (ref.store() == SecretReference.Store.SSM && arn.contains(":parameter")) {
                String path = arn.substring(arn.indexOf(":parameter") + ":parameter".length());
                if (path.equals(ref.id()) || path.equals("/" + ref.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isSecret(String arn) {
        return arn.contains(":secretsmanager:") || arn.contains(":ssm:");
    }

    private static boolean wildcard(String text) {
        return text.contains("*") || text.contains("?");
    }
}
