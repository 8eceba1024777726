package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lamb.ExitCode;
import dev.lamb.InterruptNotice;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.Retries;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * `lamb destroy`: finds what a deploy made, whatever subset of it a half-finished deploy left, then
 * removes it in reverse dependency order: the CloudWatch alarms, the REST API, the function (its versions, aliases and their
 * permissions go with it), lamb's role, and the log group. Only what carries lamb's tag for this project
 * is removed ({@link Ownership}); the rest is listed as left alone. With --stage, only that stage's alarms, API stage
 * and alias are removed ({@link #planStage}). Everything is looked up before it is
 * deleted, and something already gone is no failure.
 */
public final class Destroyer {
    /** The step that removes one API stage (destroy --stage). */
    static final String STAGE_STEP = "stage";

    private final AwsClients aws;
    private final String region;
    private final Consumer<String> progress;
    /** The policies of each role the plan removes, as the plan listed them: its removal lists them no second time. */
    private final Map<String, RolePolicies> listed = new ConcurrentHashMap<>();

    /** A role's policies as one listing found them: the ARNs of those attached and the names of those inline. */
    private record RolePolicies(List<String> attached, List<String> inline) {
        static RolePolicies list(IamClient iam, String role) {
            List<String> attached = iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
                    .map(AttachedPolicy::policyArn).toList();
            return new RolePolicies(attached, iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames().stream().toList());
        }
    }

    public Destroyer(AwsClients aws, String region, Consumer<String> progress) {
        this.aws = aws;
        this.region = region;
        this.progress = progress;
    }

    /**
     * What there is to remove: what exists of the deploy's resources and carries lamb's tag for this
     * project; anything else found is listed as left alone. Read calls only.
     */
    public DestroyPlan plan(ProjectConfig config, boolean keepLogs) {
        DeployNames names = DeployNames.of(config, region);
        List<DestroyPlan.Removal> removals = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Ownership found = Ownership.read(aws, names);
        alarms(names, null, removals, kept);
        found.api.ifPresent(api -> {
            String what = "REST API " + api.name();
            if (found.apiIsLambs()) {
                removals.add(new DestroyPlan.Removal(ApiStep.STEP, what, api.id(), "id " + api.id()));
            } else {
                kept.add(Ownership.leftAlone(what + " (id " + api.id() + ")"));
            }
        });
        if (found.function != null && found.functionIsLambs) {
            removals.add(new DestroyPlan.Removal(FunctionStep.STEP, "function " + names.function(), names.function(),
                    withTheFunction(aws.lambda(), names.function())));
        } else if (found.function != null) {
            kept.add(Ownership.leftAlone("function " + names.function()));
        }
        role(found, removals, kept);
        String group = names.logGroup();
        if (found.logGroup != null && !found.logGroupIsLambs) {
            kept.add(Ownership.leftAlone("log group " + group));
        } else if (found.logGroup != null && keepLogs) {
            kept.add("log group " + group + " (--keep-logs)");
        } else if (found.logGroup != null) {
            removals.add(new DestroyPlan.Removal(LogGroupStep.STEP, "log group " + group, group, ""));
        }
        return new DestroyPlan(names.function(), region, List.copyOf(removals), List.copyOf(kept));
    }

    /**
     * What there is to remove of one stage (--stage): its API stage and its alias, whose permissions go with it,
     * when lamb made the API and the function. The function, the API, the role and the log group stay for the
     * other stages. Read calls only.
     */
    public DestroyPlan planStage(ProjectConfig config) {
        DeployNames names = DeployNames.of(config, region);
        List<DestroyPlan.Removal> removals = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Ownership found = Ownership.read(aws, names);
        String stage = names.stage();
        alarms(names, stage, removals, kept);
        found.api.ifPresent(api -> {
            boolean exists = aws.apiGateway().getStages(r -> r.restApiId(api.id())).item().stream()
                    .anyMatch(s -> s.stageName().equals(stage));
            if (exists && found.apiIsLambs()) {
                removals.add(new DestroyPlan.Removal(STAGE_STEP, "API stage " + stage, api.id() + "/" + stage, "of REST API " + api.id()));
            } else if (exists) {
                kept.add(Ownership.leftAlone("API stage " + stage + " of REST API " + api.name()));
            }
        });
        AliasConfiguration alias = found.function == null ? null : ReleaseStep.findAlias(aws.lambda(), names.function(), names.alias());
        if (alias != null && found.functionIsLambs) {
            removals.add(new DestroyPlan.Removal(ReleaseStep.STEP, "alias " + names.alias(), names.alias(),
                    "-> version " + alias.functionVersion() + ", with its permissions"));
        } else if (alias != null) {
            kept.add(Ownership.leftAlone("alias " + names.alias()));
        }
        SecretsStep.stageGrants(aws.iam(), names, found.roleIsLambs).ifPresent(removals::add);
        if (found.function != null) {
            kept.add("function " + names.function() + ", its REST API, role and log group (for the other stages; "
                    + "'lamb destroy' without --stage removes them all)");
        }
        return new DestroyPlan(names.function(), region, List.copyOf(removals), List.copyOf(kept));
    }

    /** Removes what the plan found, in its order; a failure or Ctrl-C names what was already removed. */
    public DestroyResult destroy(DestroyPlan plan) {
        List<DestroyPlan.Removal> removed = new CopyOnWriteArrayList<>();
        AtomicReference<String> step = new AtomicReference<>("");
        try (InterruptNotice notice = InterruptNotice.during(progress, () -> "interrupted during step '" + step.get()
                + "' (done: " + (removed.isEmpty() ? "nothing" : done(removed)) + "); run 'lamb destroy' again to finish")) {
            for (DestroyPlan.Removal removal : plan.removals()) {
                step.set(removal.step());
                boolean wasThere = switch (removal.step()) {
                    case ApiStep.STEP -> deleteApi(removal.id());
                    case STAGE_STEP -> deleteStage(removal.id());
                    case ReleaseStep.STEP -> deleteAlias(plan.function(), removal.id());
                    case FunctionStep.STEP -> deleteFunction(removal.id());
                    case RoleStep.STEP -> deleteRole(removal.id());
                    case LogGroupStep.STEP -> LogGroupStep.delete(aws.logs(), removal.id());
                    case AlarmsStep.STEP -> AlarmsStep.delete(aws.cloudWatch(), removal.id());
                    case SecretsStep.STEP -> SecretsStep.revoke(aws.iam(), removal.id());
                    default -> throw new IllegalStateException("no way to remove " + removal);
                };
                if (!wasThere) {
                    // The result lists what was removed; that a part had gone already is said only here.
                    progress.accept(removal.step() + ": already gone: " + removal.describe());
                }
                if (wasThere) {
                    removed.add(removal);
                }
            }
        } catch (SdkException e) {
            throw failedAt(step.get(), removed, AwsErrors.translate(e));
        } catch (LambException e) {
            throw e.exitCode() == ExitCode.INTERRUPTED ? e : failedAt(step.get(), removed, e);
        }
        return new DestroyResult(plan.function(), plan.region(), List.copyOf(removed), plan.kept(), false);
    }

    /** lamb's alarms for this project, of one stage or (null) every stage; one of lamb's names not made by lamb is mentioned. */
    private void alarms(DeployNames names, String stage, List<DestroyPlan.Removal> removals, List<String> kept) {
        List<String> others = new ArrayList<>();
        for (String alarm : AlarmsStep.lambsAlarms(aws, names, stage, others)) {
            removals.add(new DestroyPlan.Removal(AlarmsStep.STEP, "alarm " + alarm, alarm, ""));
        }
        others.forEach(alarm -> kept.add(Ownership.leftAlone("alarm " + alarm)));
    }

    /** lamb's own role, when it carries lamb's tag for this project; any other role is only mentioned. */
    private void role(Ownership found, List<DestroyPlan.Removal> removals, List<String> kept) {
        DeployNames names = found.names;
        if (!names.roleIsLambs()) {
            kept.add("role " + names.role() + " (named in lamb.toml: not lamb's to delete)");
            return;
        }
        if (found.role == null) {
            return;
        }
        if (!found.roleIsLambs) {
            kept.add(Ownership.leftAlone("role " + names.role()));
            return;
        }
        // What goes with the role, so that the confirmation says so: its inline policies by name, the attached ones counted.
        RolePolicies policies = RolePolicies.list(aws.iam(), names.role());
        listed.put(names.role(), policies);
        List<String> inline = policies.inline();
        int attached = policies.attached().size();
        List<String> parts = new ArrayList<>();
        if (!inline.isEmpty()) {
            parts.add((inline.size() == 1 ? "inline policy " : "inline policies ") + String.join(", ", inline));
        }
        if (attached > 0) {
            parts.add(attached + (attached == 1 ? " attached policy" : " attached policies"));
        }
        removals.add(new DestroyPlan.Removal(RoleStep.STEP, "role " + names.role(), names.role(), String.join("; ", parts)));
    }

    /** What DeleteFunction takes with it, so that the confirmation and the summary say so. */
    private static String withTheFunction(LambdaClient lambda, String name) {
        List<String> versions = lambda.listVersionsByFunctionPaginator(r -> r.functionName(name)).versions().stream()
                .map(FunctionConfiguration::version).filter(v -> !v.equals("$LATEST")).toList();
        List<String> aliases = lambda.listAliasesPaginator(r -> r.functionName(name)).aliases().stream()
                .map(AliasConfiguration::name).toList();
        List<String> parts = new ArrayList<>();
        if (!versions.isEmpty()) {
            parts.add((versions.size() == 1 ? "version " : "versions ") + String.join(", ", versions));
        }
        if (!aliases.isEmpty()) {
            parts.add((aliases.size() == 1 ? "alias " : "aliases ") + String.join(", ", aliases) + " and its permissions");
        }
        return String.join("; ", parts);
    }

    /** API ID/STAGE: the stage stops answering; the API and its other stages stay. */
    private boolean deleteStage(String id) {
        int slash = id.indexOf('/');
        try {
            aws.apiGateway().deleteStage(r -> r.restApiId(id.substring(0, slash)).stageName(id.substring(slash + 1)));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Deleting an alias deletes its resource policy, and so API Gateway's permissions on it, with it. */
    private boolean deleteAlias(String function, String alias) {
        try {
            new Retries(progress).whileConflicting(ReleaseStep.STEP, () -> aws.lambda().deleteAlias(r -> r.functionName(function).name(alias)));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private boolean deleteApi(String id) {
        try {
            aws.apiGateway().deleteRestApi(r -> r.restApiId(id));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Deleting the function deletes its versions, its aliases and their resource policies with it. */
    private boolean deleteFunction(String name) {
        try {
            LambdaClient lambda = aws.lambda();
            new Retries(progress).whileConflicting(FunctionStep.STEP, () -> lambda.deleteFunction(r -> r.functionName(name)));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /**
     * IAM refuses to delete a role with policies attached or inline: detach and delete them first, those the plan listed.
     * Should one have been put or attached since (IAM's DeleteConflict), it was never shown: the role is kept and the
     * command fails naming it, so that the next destroy's plan shows it before it goes.
     */
    private boolean deleteRole(String name) {
        IamClient iam = aws.iam();
        RolePolicies planned = listed.remove(name);
        try {
            empty(iam, name, planned != null ? planned : RolePolicies.list(iam, name));
            SecretsStep.delete(iam, name);
            try {
                iam.deleteRole(r -> r.roleName(name));
            } catch (DeleteConflictException e) {
                RolePolicies since = RolePolicies.list(iam, name);
                List<String> unshown = new ArrayList<>(since.attached());
                unshown.addAll(since.inline());
                throw LambException.failed("role " + name + " has policies the plan did not show, put since it was read: "
                        + String.join(", ", unshown) + "; kept them and the role", e);
            }
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    private static void empty(IamClient iam, String name, RolePolicies policies) {
        for (String policy : policies.attached()) {
            try {
                iam.detachRolePolicy(r -> r.roleName(name).policyArn(policy));
            } catch (NoSuchEntityException e) {
                // detached since the listing
            }
        }
        // lamb's inline policies (logs, X-Ray, permissions, destinations, secrets) and any other: the role goes with them.
        for (String policy : policies.inline()) {
            try {
                iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy));
            } catch (NoSuchEntityException e) {
                // deleted since the listing
            }
        }
    }

    private static LambException failedAt(String step, List<DestroyPlan.Removal> removed, LambException cause) {
        return new LambException(cause.exitCode(), "destroy failed at step '" + step + "': " + cause.getMessage()
                + (removed.isEmpty() ? "" : "; already " + done(removed)) + "; run 'lamb destroy' again to finish", cause);
    }

    private static String done(List<DestroyPlan.Removal> removed) {
        return removed.stream().map(r -> "deleted " + r.resource()).collect(Collectors.joining(", "));
    }
}
