package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import dev.lamb.LambException;
import dev.lamb.config.LambdaEnvironment;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EphemeralStorage;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.TracingConfig;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * The configuration lamb.toml asks for, and how a deployed function (or version) differs from it: the
 * one comparison that decides whether a deploy updates the function and publishes a version.
 * Ephemeral storage and layers lamb.toml does not set are the function's own (set by hand or by a monitoring
 * tool): neither sent nor compared.
 */
record FunctionSettings(String runtime, String handler, int memory, int timeout, Map<String, String> environment,
        boolean tracing, String logFormat, String logGroup, String architecture, String description,
        OptionalInt ephemeralStorage, Optional<List<String>> layers) {

    /** The description a function gets when lamb.toml sets none. */
    static final String DEFAULT_DESCRIPTION = "Deployed by lamb";

    static FunctionSettings of(ProjectConfig.Function fn) {
        return new FunctionSettings(fn.runtime(), fn.handler(), fn.memory(), fn.timeout(), fn.environment(),
                fn.tracing(), fn.logFormat(), fn.logGroupName(), fn.architecture(), fn.description(), fn.ephemeralStorage(),
                fn.layers());
    }

    /**
     * These settings with the variables that carry [function.secrets]' ARNs to the function (NAME_SECRET_ARN), which count
     * toward Lambda's 4 KB for the environment as any variable does.
     */
    FunctionSettings withSecrets(Collection<ResolvedSecret> secrets) {
        if (secrets.isEmpty()) {
            return this;
        }
        Map<String, String> env = new TreeMap<>(environment);
        env.putAll(SecretsStep.variables(secrets));
        int measured = LambdaEnvironment.measuredBytes(env);
        if (measured > LambdaEnvironment.MAX_BYTES) {
            throw LambException.usage("[function.environment] with the " + secrets.size() + " variables of [function.secrets] is "
                    + measured + " bytes as Lambda measures it, over Lambda's 4 KB (4,096 bytes) for all of them: shorten or remove "
                    + "variables, or move values into Secrets Manager or SSM Parameter Store");
        }
        return new FunctionSettings(runtime, handler, memory, timeout, Map.copyOf(env), tracing, logFormat, logGroup, architecture,
                description, ephemeralStorage, layers);
    }

    /** The description to create the function with: lamb.toml's, else lamb's own word. */
    String createDescription() {
        return description.isEmpty() ? DEFAULT_DESCRIPTION : description;
    }

    /** The description to update to: lamb.toml's, or null to leave the deployed one (lamb.toml sets none). */
    String updateDescription() {
        return description.isEmpty() ? null : description;
    }

    /** The ephemeral storage to send: lamb.toml's, or null to leave the function's (Lambda's 512 MB on create). */
    EphemeralStorage ephemeralStorageToSend() {
        return ephemeralStorage.isPresent() ? EphemeralStorage.builder().size(ephemeralStorage.getAsInt()).build() : null;
    }

    /** The layers to send: lamb.toml's (an empty list removes them all), or null to leave the function's. */
    List<String> layersToSend() {
        return layers.orElse(null);
    }

    /** These settings on an update of the function's configuration, as deploy and promote send them (its log group is {@code logGroup}). */
    UpdateFunctionConfigurationRequest.Builder applyTo(UpdateFunctionConfigurationRequest.Builder r, String logGroup) {
        return r.runtime(runtime)
                .handler(handler)
                .memorySize(memory)
                .timeout(timeout)
                .environment(Environment.builder().variables(environment).build())
                .tracingConfig(TracingConfig.builder().mode(tracingMode()).build())
                .loggingConfig(LoggingConfig.builder().logFormat(logFormat).logGroup(logGroup).build())
                .description(updateDescription())
                .ephemeralStorage(ephemeralStorageToSend())
                .layers(layersToSend());
    }

    TracingMode tracingMode() {
        return tracing ? TracingMode.ACTIVE : TracingMode.PASS_THROUGH;
    }

    /**
     * What differs in the settings UpdateFunctionConfiguration changes, as "field deployed -> wanted".
     * A field the endpoint does not report (some emulators omit LoggingConfig) is taken as it is wanted.
     * The role is compared unless {@code roleArn} is null; a placeholder for a role a dry run would create
     * differs from any deployed one.
     */
    List<String> configDifferences(FunctionConfiguration deployed, String roleArn) {
        List<String> diff = new ArrayList<>();
        compare(diff, "runtime", deployed.runtimeAsString(), runtime);
        if (handler != null) {
            compare(diff, "handler", deployed.handler(), handler);
        }
        compare(diff, "memory", deployed.memorySize(), memory);
        compare(diff, "timeout", deployed.timeout(), timeout);
        // A published version's Description is PublishVersion's own, not the function's: only $LATEST's is compared.
        if (!description.isEmpty() && (deployed.version() == null || "$LATEST".equals(deployed.version()))) {
            compare(diff, "description", deployed.description(), description);
        }
        if (layers.isPresent()) {
            List<String> deployedLayers = deployed.hasLayers() ? deployed.layers().stream().map(Layer::arn).toList() : List.of();
            compare(diff, "layers", deployedLayers, layers.get());
        }
        if (ephemeralStorage.isPresent() && deployed.ephemeralStorage() != null) {
            compare(diff, "ephemeral_storage", deployed.ephemeralStorage().size(), ephemeralStorage.getAsInt());
        }
        Map<String, String> env = deployed.environment() == null || deployed.environment().variables() == null
                ? Map.of() : deployed.environment().variables();
        if (!env.equals(environment)) {
            diff.add(environmentChanges(env, environment));
        }
        if (deployed.tracingConfig() != null) {
            compare(diff, "tracing", deployed.tracingConfig().modeAsString(), tracingMode().toString());
        }
        if (deployed.loggingConfig() != null) {
            compare(diff, "log_format", deployed.loggingConfig().logFormatAsString(), LogFormat.fromValue(logFormat).toString());
            if (deployed.loggingConfig().logGroup() != null) {
                compare(diff, "log_group", deployed.loggingConfig().logGroup(), logGroup);
            }
        }
        if (roleArn != null) {
            compare(diff, "role", deployed.role(), roleArn);
        }
        return diff;
    }

    /**
     * The environment's keys removed, added and changed, as "environment: removed A; added B; changed C":
     * names only, since values are often secrets and this text is printed and logged.
     */
    static String environmentChanges(Map<String, String> deployed, Map<String, String> wanted) {
        List<String> parts = new ArrayList<>();
        List<String> removed = deployed.keySet().stream().filter(k -> !wanted.containsKey(k)).sorted().toList();
        List<String> added = wanted.keySet().stream().filter(k -> !deployed.containsKey(k)).sorted().toList();
        List<String> changed = wanted.keySet().stream()
                .filter(k -> deployed.containsKey(k) && !Objects.equals(deployed.get(k), wanted.get(k))).sorted().toList();
        if (!removed.isEmpty()) {
            parts.add("removed " + String.join(", ", removed));
        }
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!changed.isEmpty()) {
            parts.add("changed " + String.join(", ", changed));
        }
        return "environment: " + String.join("; ", parts);
    }

    /** What differs in what UpdateFunctionCode changes: the zip and the architecture. */
    List<String> codeDifferences(FunctionConfiguration deployed, String codeSha256) {
        List<String> diff = new ArrayList<>();
        if (!Objects.equals(deployed.codeSha256(), codeSha256)) {
            diff.add("code " + shortSha(deployed.codeSha256()) + " -> " + shortSha(codeSha256));
        }
        String deployedArch = deployed.architectures() == null || deployed.architectures().isEmpty()
                ? Architecture.X86_64.toString() : deployed.architecturesAsStrings().get(0);
        compare(diff, "architecture", deployedArch, architecture);
        return diff;
    }

    static String shortSha(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(8, sha.length()));
    }

    private static void compare(List<String> diff, String field, Object deployed, Object wanted) {
        if (!Objects.equals(deployed, wanted)) {
            diff.add(field + " " + deployed + " -> " + wanted);
        }
    }
}
