package dev.lamb.deploy;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Grants the stage's [function.secrets] to lamb's role, and nothing more: its statements of {@value SecretsPolicy#NAME} are
 * put when they differ, the other stages' kept, and the policy deleted once no stage has a statement left. A role named
 * in lamb.toml is not lamb's to change: one line says what it must allow.
 */
final class SecretsStep {
    static final String STEP = "secrets";

    private final DeployRun run;

    SecretsStep(DeployRun run) {
        this.run = run;
    }

    /** {@code role}: lamb's role as read before the deploy's first write (null when it does not exist yet). */
    void apply(Role role, Collection<ResolvedSecret> secrets) {
        DeployNames names = run.names;
        String stage = names.stage();
        if (!names.roleIsLambs()) {
            if (!secrets.isEmpty()) {
                run.progress.accept("lamb: the role " + names.role() + " from lamb.toml is not lamb's to change: it must allow "
                        + SecretsPolicy.none().withStage(stage, secrets).describe(stage) + " for [function.secrets]");
            }
            return;
        }
        SecretsPolicy current = role == null ? null : run.reads.secretsPolicy();
        SecretsPolicy wanted = (current == null ? SecretsPolicy.none() : current).withStage(stage, secrets);
        IamClient iam = run.aws.iam();
        String name = names.role();
        if (current != null && wanted.isEmpty()) {
            run.write(STEP, Change.Action.DELETE, name + " policy " + SecretsPolicy.NAME, "no [function.secrets] left in any stage",
                    () -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(SecretsPolicy.NAME)));
        } else if (current != null && current.sameAs(wanted)) {
            if (!secrets.isEmpty()) {
                run.unchanged(STEP, name + " policy " + SecretsPolicy.NAME);
            }
        } else if (!wanted.isEmpty()) {
            String detail = secrets.isEmpty() ? "no [function.secrets] in stage " + stage
                    : "allow " + wanted.describe(stage) + "; the function finds them as " + String.join(", ", variables(secrets).keySet());
            run.write(STEP, current == null ? Change.Action.CREATE : Change.Action.UPDATE, name + " policy " + SecretsPolicy.NAME,
                    detail, () -> iam.putRolePolicy(r -> r.roleName(name).policyName(SecretsPolicy.NAME).policyDocument(wanted.json())));
        }
    }

    /** The variables that carry each secret's ARN to the function: NAME_SECRET_ARN, never a value. */
    static Map<String, String> variables(Collection<ResolvedSecret> secrets) {
        Map<String, String> out = new TreeMap<>();
        secrets.forEach(s -> out.put(s.variable(), s.variableValue()));
        return out;
    }

    /**
     * For `destroy --stage`: the removal of the stage's statements from lamb's role's {@value SecretsPolicy#NAME}, when it
     * has any. Its id is ROLE/STAGE (a role's name holds no '/').
     */
    static Optional<DestroyPlan.Removal> stageGrants(IamClient iam, DeployNames names, boolean roleIsLambs) {
        if (!names.roleIsLambs() || !roleIsLambs) {
            return Optional.empty();
        }
        SecretsPolicy policy = find(iam, names.role());
        if (policy == null || !policy.hasStage(names.stage())) {
            return Optional.empty();
        }
        return Optional.of(new DestroyPlan.Removal(STEP, "the grants of stage " + names.stage() + " in " + SecretsPolicy.NAME,
                names.role() + "/" + names.stage(), policy.describe(names.stage())));
    }

    /** Removes one stage's statements (id ROLE/STAGE), deleting the policy when none is left; false when there were none. */
    static boolean revoke(IamClient iam, String id) {
        String role = id.substring(0, id.indexOf('/'));
        String stage = id.substring(id.indexOf('/') + 1);
        SecretsPolicy policy = find(iam, role);
        if (policy == null || !policy.hasStage(stage)) {
            return false;
        }
        SecretsPolicy left = policy.withoutStage(stage);
        if (left.isEmpty()) {
            delete(iam, role);
        } else {
            iam.putRolePolicy(r -> r.roleName(role).policyName(SecretsPolicy.NAME).policyDocument(left.json()));
        }
        return true;
    }

    /** Deletes the policy, as before deleting the role, which IAM refuses while it has one. */
    static void delete(IamClient iam, String role) {
        try {
            iam.deleteRolePolicy(r -> r.roleName(role).policyName(SecretsPolicy.NAME));
        } catch (NoSuchEntityException e) {
            // no secret was ever granted
        }
    }

    /** lamb's role's {@value SecretsPolicy#NAME}, or null when it has none. */
    static SecretsPolicy find(IamClient iam, String role) {
        try {
            return SecretsPolicy.parse(iam.getRolePolicy(r -> r.roleName(role).policyName(SecretsPolicy.NAME)).policyDocument());
        } catch (NoSuchEntityException e) {
            return null;
        }
    }
}
