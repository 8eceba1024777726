package dev.lamb.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.Retries;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The function's execution role: the one lamb.toml names (which must exist), else lamb's own (created
 * once with Lambda's trust policy, the basic execution and X-Ray policies, and lamb's tag; re-attached if
 * a policy is missing, as after an interrupted first deploy).
 */
final class RoleStep {
    static final String STEP = "role";
    static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final List<String> POLICIES = List.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");

    /**
     * The role's ARN (in a dry run before lamb's role exists, a placeholder that says so), and whether IAM
     * may still be making it assumable: only for lamb's own role, made by this run or within the wait.
     */
    record Result(String arn, boolean fresh) {}

    private final DeployRun run;

    RoleStep(DeployRun run) {
        this.run = run;
    }

    /**
     * {@code role}: lamb's own role as read before the deploy's first write; null when it does not exist.
     * {@code destinations}: the [function.async] destinations of every stage, which the role must be allowed to send to.
     */
    Result apply(Role role, Set<String> destinations) {
        DeployNames names = run.names;
        if (!names.roleIsLambs()) {
            requireExists(run.aws.iam(), names.role());
            if (!destinations.isEmpty()) {
                run.progress.accept("lamb: the role " + names.role() + " from lamb.toml is not lamb's to change: it must allow "
                        + DestinationPolicy.allowing(destinations).describe() + " for [function.async]'s destinations");
            }
            run.unchanged(STEP, names.role() + " (from lamb.toml)");
            return new Result(names.role(), false);
        }
        IamClient iam = run.aws.iam();
        String[] arn = {role == null ? null : role.arn()};
        if (role == null) {
            run.write(STEP, Change.Action.CREATE, names.role(), "trust lambda.amazonaws.com", () -> arn[0] = iam.createRole(r -> r
                    .roleName(names.role())
                    .assumeRolePolicyDocument(TRUST_POLICY)
                    .description("Execution role of the Lambda function " + names.function() + ", made by lamb")
                    .tags(names.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                            .toList()))
                    .role().arn());
        }
        Set<String> attached = role == null ? Set.of() : Set.copyOf(run.reads.rolePolicies.get());
        for (String policy : POLICIES) {
            if (!attached.contains(policy)) {
                run.write(STEP, Change.Action.UPDATE, names.role(), "attach " + policy.substring(policy.lastIndexOf('/') + 1),
                        () -> iam.attachRolePolicy(r -> r.roleName(names.role()).policyArn(policy)));
            }
        }
        boolean granted = grant(role, destinations);
        if (role != null && attached.containsAll(POLICIES) && !granted) {
            run.unchanged(STEP, names.role());
        }
        // A role made by a deploy interrupted a moment ago may not be assumable yet either.
        boolean fresh = role == null || role.createDate() != null
                && role.createDate().isAfter(Instant.now().minus(Retries.ROLE_PROPAGATION));
        return new Result(arn[0] != null ? arn[0] : "(new role " + names.role() + ")", fresh);
    }

    /**
     * Puts, replaces or deletes {@value DestinationPolicy#NAME}, the role's inline policy for the destinations, when it is
     * not what they need; true when it wrote. The policy's name is lamb's, on lamb's role: no other policy is touched.
     */
    private boolean grant(Role role, Set<String> destinations) {
        IamClient iam = run.aws.iam();
        String name = run.names.role();
        DestinationPolicy current = role == null ? null : run.reads.destinationPolicy.get();
        if (destinations.isEmpty()) {
            if (current == null) {
                return false;
            }
            run.write(STEP, Change.Action.UPDATE, name, "delete policy " + DestinationPolicy.NAME + " (no [function.async] destination)",
                    () -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(DestinationPolicy.NAME)));
            return true;
        }
        DestinationPolicy wanted = DestinationPolicy.allowing(destinations);
        if (current != null && current.equals(wanted)) {
            return false;
        }
        run.write(STEP, Change.Action.UPDATE, name, "allow " + wanted.describe(),
                () -> iam.putRolePolicy(r -> r.roleName(name).policyName(DestinationPolicy.NAME).policyDocument(wanted.json())));
        return true;
    }

    /** lamb's role, or null when it does not exist. */
    static Role find(IamClient iam, String name) {
        try {
            return iam.getRole(r -> r.roleName(name)).role();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    static DestinationPolicy findPolicy(IamClient iam, String role) {
        try {
            return DestinationPolicy.parse(iam.getRolePolicy(r -> r.roleName(role).policyName(DestinationPolicy.NAME)).policyDocument());
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
