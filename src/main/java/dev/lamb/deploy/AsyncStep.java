package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.Retries;
import dev.lamb.config.AsyncSettings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.lambda.DestinationKind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.OnFailure;
import software.amazon.awssdk.services.lambda.model.OnSuccess;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * [function.async] on the stage's alias, with the event-invoke-config operations: put when what the alias has
 * differs, and, when the table leaves lamb.toml, deleted, but only where lamb put it. Event-invoke configs carry no
 * tags, so the function carries one per alias whose config lamb set ({@value #TAG_PREFIX}ALIAS): a config made
 * by hand on an alias lamb never configured is the user's, and stays.
 */
final class AsyncStep {
    static final String STEP = "async";
    /** Tag values take letters, digits, spaces and _ . : / = + - @ only (AWS tagging rules). */
    static final String TAG_PREFIX = "lamb:async:";
    static final String TAG_VALUE = "set from lamb.toml function.async";

    private final DeployRun run;
    private final Retries retries;

    AsyncStep(DeployRun run, Retries retries) {
        this.run = run;
        this.retries = retries;
    }

    /**
     * Every destination any stage of lamb.toml names: what lamb's role, which all stages share, must be allowed to
     * send to.
     */
    static Set<String> destinations(ProjectConfig config) {
        Set<String> arns = new TreeSet<>();
        for (ProjectConfig.Function fn : RoleGrants.everyStage(config)) {
            fn.async().ifPresent(a -> {
                arns.add(a.onFailure());
                arns.add(a.onSuccess());
            });
        }
        arns.remove("");
        return arns;
    }

    /**
     * Before the first write: a Lambda destination must exist (Lambda refuses the config otherwise, after the role
     * has been changed). Queues, topics, buses and buckets are checked by Lambda itself when the config is put.
     */
    void requireDestinations(Optional<AsyncSettings> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        AsyncSettings async = wanted.get();
        requireFunction("on_failure", async.onFailure());
        requireFunction("on_success", async.onSuccess());
    }

    private void requireFunction(String key, String arn) {
        if (DestinationKind.of(arn).orElse(null) != DestinationKind.FUNCTION) {
            return;
        }
        String[] parts = arn.split(":");
        String qualifier = parts.length > 7 ? parts[7] : null;
        try {
            run.aws.lambda().getFunctionConfiguration(r -> r.functionName(ReleaseStep.unqualified(arn)).qualifier(qualifier));
        } catch (ResourceNotFoundException e) {
            throw new LambException(ExitCode.NOT_FOUND, "the function " + arn + " that [function.async] " + key
                    + " names does not exist: deploy it first, or fix the ARN in lamb.toml");
        } catch (AwsServiceException e) {
            // Another account's function may not be readable with these credentials: Lambda checks it when the config is put.
            if (AwsErrors.translate(e).exitCode() != ExitCode.AUTH) {
                throw e;
            }
        }
    }

    /** {@code latest}: $LATEST after the function step (null in a dry run before it exists); {@code tags}: the function's. */
    void apply(Optional<AsyncSettings> wanted, FunctionConfiguration latest, Map<String, String> tags) {
        String alias = run.names.alias();
        String tag = TAG_PREFIX + alias;
        boolean lambsConfig = tags.containsKey(tag);
        if (wanted.isEmpty() && !lambsConfig) {
            return;
        }
        LambdaClient lambda = run.aws.lambda();
        String name = run.names.function();
        String resource = "event invoke config of " + name + ":" + alias;
        GetFunctionEventInvokeConfigResponse current = latest == null ? null : run.reads.async.get();
        String functionArn = latest == null ? null : ReleaseStep.unqualified(latest.functionArn());
        if (wanted.isEmpty()) {
            if (current != null) {
                run.write(STEP, Change.Action.DELETE, resource, "[function.async] left lamb.toml",
                        () -> lambda.deleteFunctionEventInvokeConfig(r -> r.functionName(name).qualifier(alias)));
            }
            run.write(STEP, Change.Action.UPDATE, "tags of " + name, "remove " + tag,
                    () -> lambda.untagResource(r -> r.resource(functionArn).tagKeys(tag)));
            return;
        }
        // The mark goes before the config: a deploy interrupted between the two leaves a config that is lamb's. A config
        // that exists without the mark was refused or adopted (Ownership) before the first write.
        if (!lambsConfig) {
            run.write(STEP, Change.Action.UPDATE, "tags of " + name, "add " + tag + " (lamb manages this alias's config)",
                    () -> lambda.tagResource(r -> r.resource(functionArn).tags(Map.of(tag, TAG_VALUE))));
        }
        AsyncStatus async = AsyncStatus.of(wanted.get());
        List<String> differences = differences(current, wanted.get());
        if (!differences.isEmpty()) {
            run.write(STEP, current == null ? Change.Action.CREATE : Change.Action.UPDATE, resource, String.join(", ", differences),
                    () -> put(lambda, name, alias, async));
        } else {
            run.unchanged(STEP, resource);
        }
    }

    /** A role lamb has just allowed to send to a destination may take IAM's propagation time to be allowed. */
    private void put(LambdaClient lambda, String name, String alias, AsyncStatus async) {
        Supplier<Object> put = () -> lambda.putFunctionEventInvokeConfig(r -> r.functionName(name).qualifier(alias)
                .maximumRetryAttempts(async.maxRetries()).maximumEventAgeInSeconds(async.maxEventAgeSeconds())
                .destinationConfig(DestinationConfig.builder()
                        .onFailure(OnFailure.builder().destination(async.onFailure()).build())
                        .onSuccess(OnSuccess.builder().destination(async.onSuccess()).build()).build()));
        if (run.changedIn(RoleStep.STEP)) {
            retries.whileGrantIsNew(STEP, put);
        } else {
            put.get();
        }
    }

    /** What the alias has against lamb.toml, as "max_retries 2 -> 0"; every setting when it has no config. */
    static List<String> differences(GetFunctionEventInvokeConfigResponse current, AsyncSettings wanted) {
        return differences(AsyncStatus.of(current), wanted);
    }

    static List<String> differences(AsyncStatus deployed, AsyncSettings settings) {
        AsyncStatus wanted = AsyncStatus.of(settings);
        AsyncStatus none = new AsyncStatus(null, null, null, null);
        AsyncStatus has = deployed == null ? none : deployed;
        List<String> diff = new ArrayList<>();
        compare(diff, "max_retries", has.maxRetries(), wanted.maxRetries());
        compare(diff, "max_event_age", has.maxEventAgeSeconds(), wanted.maxEventAgeSeconds());
        compare(diff, "on_failure", has.onFailure(), wanted.onFailure());
        compare(diff, "on_success", has.onSuccess(), wanted.onSuccess());
        return diff;
    }

    private static void compare(List<String> diff, String key, Object deployed, Object wanted) {
        if (!Objects.equals(deployed, wanted)) {
            diff.add(key + " " + (deployed == null ? "none" : deployed) + " -> " + (wanted == null ? "none" : wanted));
        }
    }

    /** The alias's config; null when it has none (or the alias or function does not exist yet). */
    static GetFunctionEventInvokeConfigResponse find(LambdaClient lambda, String name, String alias) {
        try {
            return lambda.getFunctionEventInvokeConfig(r -> r.functionName(name).qualifier(alias));
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }
}
