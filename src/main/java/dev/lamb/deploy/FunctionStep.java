package dev.lamb.deploy;

import java.util.List;
import java.util.function.Supplier;

import dev.lamb.aws.LambdaWaits;
import dev.lamb.aws.Retries;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TracingConfig;

/**
 * The function's $LATEST: created, or brought to lamb.toml's configuration and the new zip, each change
 * made only when something differs and waited for until Lambda reports it Successful.
 */
final class FunctionStep {
    static final String STEP = "function";

    private final DeployRun run;
    private final FunctionSettings wanted;
    private final Retries retries;

    FunctionStep(DeployRun run, FunctionSettings wanted, Retries retries) {
        this.run = run;
        this.wanted = wanted;
        this.retries = retries;
    }

    /**
     * $LATEST as it is after this step; null only in a dry run for a function that does not exist yet.
     * {@code deployed} is $LATEST as read before the deploy's first write, null when there is none.
     */
    FunctionConfiguration apply(FunctionConfiguration deployed, CodeUpload upload, String codeSha256, RoleStep.Result role,
            boolean forceUpload) {
        LambdaClient lambda = run.aws.lambda();
        String name = run.names.function();
        String roleArn = role.arn();
        if (deployed == null) {
            FunctionConfiguration[] created = {null};
            run.write(STEP, Change.Action.CREATE, name, wanted.runtime() + ", " + wanted.memory() + " MB, "
                    + wanted.architecture() + ", code " + FunctionSettings.shortSha(codeSha256), () -> {
                        withRole(role, () -> lambda.createFunction(r -> r
                                .functionName(name)
                                .runtime(wanted.runtime())
                                .handler(wanted.handler())
                                .role(roleArn)
                                .code(c -> upload.applyTo(c, roleArn))
                                .architectures(Architecture.fromValue(wanted.architecture()))
                                .memorySize(wanted.memory())
                                .timeout(wanted.timeout())
                                .environment(Environment.builder().variables(wanted.environment()).build())
                                .tracingConfig(TracingConfig.builder().mode(wanted.tracingMode()).build())
                                .loggingConfig(logging())
                                .description(wanted.createDescription())
                                .ephemeralStorage(wanted.ephemeralStorageToSend())
                                .layers(wanted.layersToSend())
                                .tags(run.names.tags())));
                        created[0] = LambdaWaits.untilReady(lambda, name, true);
                    });
            return created[0];
        }
        waitIfInProgress(lambda, name, deployed);
        // $LATEST as the last wait for an update read it (GetFunction): what this step returns, with no read of its own.
        FunctionConfiguration[] updated = {deployed};
        List<String> config = wanted.configDifferences(deployed, roleArn);
        if (!config.isEmpty()) {
            run.write(STEP, Change.Action.UPDATE, name + " configuration", String.join(", ", config), () -> {
                LastUpdateStatus status = withRole(role, () -> lambda.updateFunctionConfiguration(r -> wanted.applyTo(
                        r.functionName(name).role(roleArn), run.names.logGroup()))).lastUpdateStatus();
                updated[0] = LambdaWaits.afterUpdate(lambda, name, status);
            });
        }
        List<String> code = wanted.codeDifferences(deployed, codeSha256);
        if (!code.isEmpty() || forceUpload) {
            run.write(STEP, Change.Action.UPDATE, name + " code", code.isEmpty() ? "--force-upload" : String.join(", ", code), () -> {
                LastUpdateStatus status = retries.whileConflicting(STEP, () -> lambda.updateFunctionCode(r -> upload.applyTo(r
                        .functionName(name)
                        .architectures(Architecture.fromValue(wanted.architecture())), roleArn))).lastUpdateStatus();
                updated[0] = LambdaWaits.afterUpdate(lambda, name, status);
            });
        }
        if (config.isEmpty() && code.isEmpty() && !forceUpload) {
            run.unchanged(STEP, name);
        }
        return updated[0];
    }

    /**
     * A call that names the role: while IAM may still be making lamb's new role assumable, "cannot be
     * assumed" is waited out; for any other role it is an answer, given at once.
     */
    private <T> T withRole(RoleStep.Result role, Supplier<T> call) {
        return role.fresh() ? retries.whileRoleIsNew(STEP, call) : retries.whileConflicting(STEP, call);
    }

    private LoggingConfig logging() {
        return LoggingConfig.builder().logFormat(wanted.logFormat()).logGroup(run.names.logGroup()).build();
    }

    static FunctionConfiguration find(LambdaClient lambda, String name) {
        try {
            return lambda.getFunction(r -> r.functionName(name)).configuration();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** A function still being created or updated (another deploy, or one that was interrupted) is waited for first. */
    private void waitIfInProgress(LambdaClient lambda, String name, FunctionConfiguration deployed) {
        boolean pending = "Pending".equals(deployed.stateAsString()) || "InProgress".equals(deployed.lastUpdateStatusAsString());
        if (pending && !run.dryRun) {
            run.progress.accept(STEP + ": " + name + " is still being updated; waiting");
            LambdaWaits.untilReady(lambda, name, "Pending".equals(deployed.stateAsString()));
        }
    }
}
