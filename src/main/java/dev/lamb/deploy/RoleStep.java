package dev.lamb.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.Retries;
import dev.lamb.config.Permissions;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The function's execution role: the one lamb.toml names (which must exist, and which lamb never changes), else lamb's
 * own, brought to what {@link RoleGrants} says it holds: created with Lambda's trust for this account only and lamb's
 * tag, then its inline policies put, deleted or replaced and function.policies attached or detached, each only when it
 * differs. A role an earlier lamb made (the AWS managed basic execution and X-Ray policies attached, a trust policy with
 * no condition) is converged the same way; a managed policy lamb did not attach is left alone.
 */
final class RoleStep {
    static final String STEP = "role";

    /**
     * The role's ARN (in a dry run before lamb's role exists, a placeholder that says so), and whether IAM
     * may still be making it assumable: only for lamb's own role, made by this run or within the wait.
     */
    record Result(String arn, boolean fresh) {}

    private final DeployRun run;

    RoleStep(DeployRun run) {
        this.run = run;
    }

    /** {@code role}: lamb's own role as read before the deploy's first write; null when it does not exist. */
    Result apply(Role role, ProjectConfig config) {
        DeployNames names = run.names;
        if (!names.roleIsLambs()) {
            requireExists(run.aws.iam(), names.role());
            needsOfTheirRole(config);
            run.unchanged(STEP, names.role() + " (from lamb.toml)");
            return new Result(names.role(), false);
        }
        IamClient iam = run.aws.iam();
        RoleGrants.Account account = run.reads.account.get();
        RoleGrants wanted = RoleGrants.of(config, account, run.region);
        String[] arn = {role == null ? null : role.arn()};
        boolean wrote = role == null;
        if (role == null) {
            Map<String, String> tags = new TreeMap<>(names.tags());
            wanted.managed().forEach(policy -> tags.put(RoleGrants.attachedTag(policy), policy));
            run.write(STEP, Change.Action.CREATE, names.role(), "trust lambda.amazonaws.com of account " + account.id(),
                    () -> arn[0] = iam.createRole(r -> r
                    .roleName(names.role())
                    .assumeRolePolicyDocument(wanted.trust().json())
                    .description("Execution role of the Lambda function " + names.function() + ", made by lamb")
                    .tags(tags(tags)))
                    .role().arn());
        } else if (!PolicyDocument.parse(role.assumeRolePolicyDocument()).equals(wanted.trust())) {
            wrote = true;
            run.write(STEP, Change.Action.UPDATE, names.role(), "trust lambda.amazonaws.com of account " + account.id() + " only",
                    () -> iam.updateAssumeRolePolicy(r -> r.roleName(names.role()).policyDocument(wanted.trust().json())));
        }
        wrote |= putInline(role, wanted);
        wrote |= attach(role, wanted);
        wrote |= deleteInline(role, wanted);
        wrote |= detach(role, wanted, account);
        if (!wrote) {
            run.unchanged(STEP, names.role());
        }
        // A role made by a deploy interrupted a moment ago may not be assumable yet either.
        boolean fresh = role == null || role.createDate() != null
                && role.createDate().isAfter(Instant.now().minus(Retries.ROLE_PROPAGATION));
        return new Result(arn[0] != null ? arn[0] : "(new role " + names.role() + ")", fresh);
    }

    /** A role lamb.toml names is the user's: what lamb.toml asks of it is said, in one line, and not done. */
    private void needsOfTheirRole(ProjectConfig config) {
        List<String> needs = new ArrayList<>();
        Set<String> destinations = AsyncStep.destinations(config);
        if (!destinations.isEmpty()) {
            needs.add(DestinationPolicy.allowing(destinations).describe() + " for [function.async]'s destinations");
        }
        Permissions permissions = config.function().permissions();
        if (!permissions.isEmpty()) {
            needs.add(RoleGrants.describe(permissions) + " for [[function.permissions]] and function.policies");
        }
        if (!needs.isEmpty()) {
            run.progress.accept("lamb: the role " + run.names.role() + " from lamb.toml is not lamb's to change: it must "
                    + String.join("; and ", needs));
        }
    }

    /** Puts each inline policy lamb keeps that is missing or differs; true when it wrote. */
    private boolean putInline(Role role, RoleGrants wanted) {
        String name = run.names.role();
        boolean wrote = false;
        for (Map.Entry<String, PolicyDocument> policy : wanted.inline().entrySet()) {
            PolicyDocument current = role == null ? null : run.reads.roleInline.get(policy.getKey()).get();
            if (!policy.getValue().equals(current)) {
                wrote = true;
                run.write(STEP, Change.Action.UPDATE, name, policy.getKey() + ": " + policy.getValue().describe(),
                        () -> run.aws.iam().putRolePolicy(r -> r.roleName(name).policyName(policy.getKey())
                                .policyDocument(policy.getValue().json())));
            }
        }
        return wrote;
    }

    /** Deletes the inline policies lamb kept that lamb.toml no longer asks for; no other inline policy is touched. */
    private boolean deleteInline(Role role, RoleGrants wanted) {
        if (role == null) {
            return false;
        }
        String name = run.names.role();
        boolean wrote = false;
        for (String policy : RoleGrants.INLINE) {
            if (!wanted.inline().containsKey(policy) && run.reads.roleInline.get(policy).get() != null) {
                wrote = true;
                run.write(STEP, Change.Action.UPDATE, name, "delete policy " + policy + " (" + RoleGrants.whyGone(policy) + ")",
                        () -> run.aws.iam().deleteRolePolicy(r -> r.roleName(name).policyName(policy)));
            }
        }
        return wrote;
    }

    /**
     * Attaches each policy of function.policies not attached yet, tagging the role first to record that lamb attached it
     * (an interrupted run then leaves a record with no attachment, which the next one mends, never an attachment lamb
     * would not know for its own). A policy already attached by hand stays the user's.
     */
    private boolean attach(Role role, RoleGrants wanted) {
        String name = run.names.role();
        Set<String> attached = role == null ? Set.of() : Set.copyOf(run.reads.rolePolicies.get());
        Set<String> recorded = role == null ? Set.copyOf(wanted.managed()) : RoleGrants.recorded(run.reads.roleTags.get());
        boolean wrote = false;
        for (String policy : wanted.managed()) {
            if (!attached.contains(policy)) {
                wrote = true;
                run.write(STEP, Change.Action.UPDATE, name, "attach " + policy, () -> {
                    if (!recorded.contains(policy)) {
                        run.aws.iam().tagRole(r -> r.roleName(name).tags(tags(Map.of(RoleGrants.attachedTag(policy), policy))));
                    }
                    run.aws.iam().attachRolePolicy(r -> r.roleName(name).policyArn(policy));
                });
            }
        }
        return wrote;
    }

    /**
     * Detaches what lamb attached and lamb.toml no longer asks for: a policy of function.policies taken out (its record
     * goes with it), and the managed policies earlier versions of lamb attached to every role. Any other attached policy
     * was attached by someone else: it is said, and left alone.
     */
    private boolean detach(Role role, RoleGrants wanted, RoleGrants.Account account) {
        if (role == null) {
            return false;
        }
        String name = run.names.role();
        Set<String> attached = Set.copyOf(run.reads.rolePolicies.get());
        Set<String> recorded = RoleGrants.recorded(run.reads.roleTags.get());
        List<String> former = RoleGrants.formerPolicies(account);
        boolean wrote = false;
        for (String policy : attached) {
            if (wanted.managed().contains(policy)) {
                continue;
            }
            if (recorded.contains(policy) || former.contains(policy)) {
                wrote = true;
                run.write(STEP, Change.Action.UPDATE, name, "detach " + policy, () -> {
                    run.aws.iam().detachRolePolicy(r -> r.roleName(name).policyArn(policy));
                    forget(name, recorded, policy);
                });
            } else {
                run.progress.accept("lamb: " + policy + " is attached to the role " + name + ", not by lamb: left alone");
            }
        }
        for (String policy : recorded) {
            if (!attached.contains(policy) && !wanted.managed().contains(policy)) {
                wrote = true;
                run.write(STEP, Change.Action.UPDATE, name, "forget " + policy + " (detached already)",
                        () -> forget(name, recorded, policy));
            }
        }
        return wrote;
    }

    private void forget(String role, Set<String> recorded, String policy) {
        if (recorded.contains(policy)) {
            run.aws.iam().untagRole(r -> r.roleName(role).tagKeys(RoleGrants.attachedTag(policy)));
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    /** lamb's role, or null when it does not exist. */
    static Role find(IamClient iam, String name) {
        try {
            return iam.getRole(r -> r.roleName(name)).role();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    /** The role's inline policy of that name, or null when it has none. */
    static PolicyDocument findPolicy(IamClient iam, String role, String policy) {
        try {
            return PolicyDocument.parse(iam.getRolePolicy(r -> r.roleName(role).policyName(policy)).policyDocument());
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    /**
     * A role named in lamb.toml is looked up before anything is made: a missing one fails at once, where
     * Lambda would only say "cannot be assumed", as it does while a new role propagates. Credentials that
     * may not read IAM go on without the check.
     */
    private static void requireExists(IamClient iam, String roleArn) {
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        try {
            iam.getRole(r -> r.roleName(name));
        } catch (NoSuchEntityException e) {
            throw new LambException(ExitCode.NOT_FOUND, "the role " + roleArn + " named by function.role in lamb.toml does not "
                    + "exist: create it, fix the ARN, or leave function.role out and lamb makes a role");
        } catch (AwsServiceException e) {
            if (AwsErrors.translate(e).exitCode() != ExitCode.AUTH) {
                throw e;
            }
        }
    }
}
