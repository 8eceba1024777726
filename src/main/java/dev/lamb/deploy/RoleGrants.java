package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.config.Permissions;
import dev.lamb.config.ProjectConfig;

/**
 * What lamb's own role holds, from lamb.toml over every stage (the stages share the role): Lambda's trust for this
 * account only, and the inline policies and managed policies lamb keeps on it. By default that is one inline policy,
 * {@value #LOGS}, letting the function write its own log group and no other; {@value #XRAY} while any stage traces;
 * {@value #PERMISSIONS}, the statements of [[function.permissions]] as given; the async destinations' policy
 * ({@link DestinationPolicy}); and the managed policies of function.policies. lamb attaches no managed policy of its own.
 *
 * <p>Which managed policies lamb attached is recorded on the role itself, one tag per policy ({@value #ATTACHED_TAG}
 * and a hash of the ARN as the key, the ARN as the value): a policy attached to lamb's role by hand has no such tag, and
 * lamb never detaches it (destroy excepted, which must detach everything to delete the role).
 */
record RoleGrants(PolicyDocument trust, Map<String, PolicyDocument> inline, List<String> managed) {
    static final String LOGS = "lamb-logs";
    static final String XRAY = "lamb-xray";
    static final String PERMISSIONS = "lamb-permissions";
    /** The inline policies the role step keeps, and so reads; any other inline policy on the role is left alone. */
    static final List<String> INLINE = List.of(LOGS, XRAY, PERMISSIONS, DestinationPolicy.NAME);
    /** Every inline policy lamb puts on its role, each read once by a deploy: the role step's and {@value SecretsPolicy#NAME}. */
    static final List<String> LAMBS = List.of(LOGS, XRAY, PERMISSIONS, DestinationPolicy.NAME, SecretsPolicy.NAME);
    static final String ATTACHED_TAG = "lamb:policy:";

    /** An AWS account and the partition it is in ("aws", "aws-cn", ...), as an ARN of it names them. */
    record Account(String partition, String id) {
        static Account ofArn(String arn) {
            String[] parts = arn.split(":", 6);
            return new Account(parts[1], parts[4]);
        }
    }

    static RoleGrants of(ProjectConfig config, Account account, String region) {
        Map<String, PolicyDocument> inline = new LinkedHashMap<>();
        List<ProjectConfig.Function> stages = everyStage(config);
        Set<String> resources = new TreeSet<>();
        for (ProjectConfig.Function fn : stages) {
            // The log group itself and its streams, as the Lambda developer guide's execution role example names them.
            String group = "arn:" + account.partition() + ":logs:" + region + ":" + account.id() + ":log-group:" + fn.logGroupName();
            resources.add(group);
            resources.add(group + ":*");
        }
        // No logs:CreateLogGroup: the deploy makes the log group itself (LogGroupStep).
        inline.put(LOGS, PolicyDocument.of(List.of(PolicyDocument.statement("Allow",
                List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.copyOf(resources)))));
        if (stages.stream().anyMatch(ProjectConfig.Function::tracing)) {
            // "*" is the only resource X-Ray's write actions accept (see DeployNames.TRACING_ACTIONS).
            inline.put(XRAY, PolicyDocument.of(List.of(PolicyDocument.statement("Allow", DeployNames.TRACING_ACTIONS, List.of("*")))));
        }
        Permissions permissions = config.function().permissions();
        if (!permissions.statements().isEmpty()) {
            inline.put(PERMISSIONS, statements(permissions));
        }
        Set<String> destinations = AsyncStep.destinations(config);
        if (!destinations.isEmpty()) {
            inline.put(DestinationPolicy.NAME, DestinationPolicy.allowing(destinations));
        }
        return new RoleGrants(trust(account), inline, List.copyOf(new TreeSet<>(permissions.managedPolicies())));
    }

    /**
     * Lambda may assume the role for this account's functions only: the condition the IAM User Guide's "The confused deputy
     * problem" gives for a service principal, aws:SourceAccount, which Lambda sets when it assumes an execution role.
     */
    static PolicyDocument trust(Account account) {
        ObjectNode statement = PolicyDocument.object().put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "lambda.amazonaws.com");
        statement.put("Action", "sts:AssumeRole");
        statement.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", account.id());
        return PolicyDocument.of(List.of(statement));
    }

    /** The managed policies earlier versions of lamb attached to every role of theirs: lamb's to detach. */
    static List<String> formerPolicies(Account account) {
        return List.of("arn:" + account.partition() + ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "arn:" + account.partition() + ":iam::aws:policy/AWSXRayDaemonWriteAccess");
    }

    /** The tag that records that lamb attached the managed policy of that ARN. */
    static String attachedTag(String policyArn) {
        return ATTACHED_TAG + DeployNames.sha256Hex(policyArn).substring(0, 16);
    }

    /** The managed policies the role's tags say lamb attached. */
    static Set<String> recorded(Map<String, String> roleTags) {
        Set<String> arns = new TreeSet<>();
        roleTags.forEach((key, value) -> {
            if (key.equals(attachedTag(value))) {
                arns.add(value);
            }
        });
        return arns;
    }

    /** Why an inline policy lamb kept is no longer wanted, for the plan. */
    static String whyGone(String name) {
        return switch (name) {
            case XRAY -> "tracing is off in every stage";
            case PERMISSIONS -> "no [[function.permissions]] in lamb.toml";
            case DestinationPolicy.NAME -> "no [function.async] destination";
            default -> "not wanted";
        };
    }

    /** "allow s3:GetObject on ...; attach ARN", what [[function.permissions]] and function.policies ask of a role. */
    static String describe(Permissions permissions) {
        List<String> parts = new ArrayList<>();
        if (!permissions.statements().isEmpty()) {
            parts.add(statements(permissions).describe());
        }
        permissions.managedPolicies().forEach(arn -> parts.add("have " + arn + " attached"));
        return String.join("; ", parts);
    }

    /** The statements of [[function.permissions]], as given. */
    private static PolicyDocument statements(Permissions permissions) {
        return PolicyDocument.of(permissions.statements().stream()
                .map(s -> PolicyDocument.statement(s.effect(), s.actions(), s.resources())).toList());
    }

    /** lamb.toml's function as each stage has it: [function] and every [stage.NAME] over it. */
    static List<ProjectConfig.Function> everyStage(ProjectConfig config) {
        List<ProjectConfig.Function> functions = new ArrayList<>(config.stages().overridden().values());
        functions.add(config.stages().base());
        functions.add(config.function());
        return functions;
    }
}
