package dev.lamb.deploy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The function's execution role: the one lamb.toml names, else lamb's own (created once with Lambda's
 * trust policy, the basic execution and X-Ray policies, and lamb's tag; re-attached if a policy is
 * missing, as after an interrupted first deploy).
 */
final class RoleStep {
    static final String STEP = "role";
    static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final List<String> POLICIES = List.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");

    private final DeployRun run;

    RoleStep(DeployRun run) {
        this.run = run;
    }

    /** The role's ARN; in a dry run before the role exists, a placeholder that says so. */
    String apply() {
        DeployNames names = run.names;
        if (!names.roleIsLambs()) {
            run.unchanged(STEP, names.role() + " (from lamb.toml)");
            return names.role();
        }
        IamClient iam = run.aws.iam();
        Role role;
        try {
            role = iam.getRole(r -> r.roleName(names.role())).role();
        } catch (NoSuchEntityException e) {
            role = null;
        }
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
        Set<String> attached = role == null ? Set.of() : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(names.role()))
                .attachedPolicies().stream().map(AttachedPolicy::policyArn).collect(Collectors.toSet());
        for (String policy : POLICIES) {
            if (!attached.contains(policy)) {
                run.write(STEP, Change.Action.UPDATE, names.role(), "attach " + policy.substring(policy.lastIndexOf('/') + 1),
                        () -> iam.attachRolePolicy(r -> r.roleName(names.role()).policyArn(policy)));
            }
        }
        if (role != null && attached.containsAll(POLICIES)) {
            run.unchanged(STEP, names.role());
        }
        return arn[0] != null ? arn[0] : "(new role " + names.role() + ")";
    }
}
