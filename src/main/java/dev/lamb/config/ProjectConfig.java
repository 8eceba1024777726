package dev.lamb.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

import dev.lamb.DidYouMean;
import dev.lamb.LambException;

/**
 * A project's lamb.toml, validated, with defaults filled in, as deployed to one stage: {@code api.stage()}
 * ([api] stage unless --stage names another), with {@code function} holding that stage's settings.
 */
public record ProjectConfig(Path dir, Function function, Api api, Deploy deploy, Tune tune, AlarmSettings alarms,
        Stages stages) {
    /**
     * The project as deployed to {@code stage} (--stage): its API stage, and its function settings with
     * [stage.NAME]'s overrides, or [function]'s when lamb.toml has no table for it.
     */
    public ProjectConfig forStage(String stage) {
        if (!StageName.isValid(stage)) {
            throw LambException.usage("--stage " + stage + " is not a stage name: " + StageName.RULE);
        }
        // A stage lamb.toml does not name is a new one with [function]'s settings; one a letter or two from a named
        // stage is taken for a typo, since deploying "prdo" with the wrong settings is worse than asking.
        if (!stages.declared().contains(stage)) {
            DidYouMean.closest(stage, stages.declared()).ifPresent(near -> {
                throw LambException.usage("--stage " + stage + " is not a stage of lamb.toml: did you mean '" + near
                        + "'? (to deploy a new stage of that name, add a [stage." + stage + "] table)");
            });
        }
        return new ProjectConfig(dir, stages.of(stage), new Api(stage, api.routes()), deploy, tune, stages.alarmsOf(stage),
                stages);
    }

    /**
     * The function's settings and alarms per stage: [function]'s and [alarms]', and for each [stage.NAME] table,
     * those with that table's keys over them. The precedence, lowest first: Lambda's and lamb's defaults, [function]
     * (and [url], [alarms]), [stage.NAME] (and [stage.NAME.url], [stage.NAME.alarms]).
     */
    public record Stages(String defaultStage, Function base, Map<String, Function> overridden, AlarmSettings baseAlarms,
            Map<String, AlarmSettings> overriddenAlarms) {
        public Function of(String stage) {
            return overridden.getOrDefault(stage, base);
        }

        public AlarmSettings alarmsOf(String stage) {
            return overriddenAlarms.getOrDefault(stage, baseAlarms);
        }

        /** The stages lamb.toml names: [api] stage, and every [stage.NAME] table. */
        public Set<String> declared() {
            Set<String> names = new TreeSet<>(overridden.keySet());
            names.add(defaultStage);
            return names;
        }
    }

    /**
     * The function's settings. Optional and OptionalInt values are ones lamb leaves alone when not set:
     * ephemeral storage, layers, reserved concurrency, asynchronous invocation and the Function URL.
     * provisionedConcurrency is 0 for none. secrets maps the name the function uses to where the secret lives
     * ([function.secrets], then [stage.NAME.secrets]); permissions are the role's, which every stage shares.
     */
    public record Function(String name, String runtime, String handler, String architecture, int memory,
            int timeout, int logRetentionDays, String logGroup, String logFormat, boolean tracing,
            Map<String, String> environment, String role, String description, OptionalInt ephemeralStorage,
            Optional<List<String>> layers, OptionalInt reservedConcurrency, int provisionedConcurrency,
            Optional<AsyncSettings> async, Optional<UrlSettings> url, Map<String, SecretReference> secrets,
            Permissions permissions) {
        /** The log group: function.log_group, else Lambda's own /aws/lambda/NAME. */
        public String logGroupName() {
            return logGroup.isEmpty() ? "/aws/lambda/" + name : logGroup;
        }
    }

    public record Api(String stage, List<Route> routes) {}

    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /**
     * How deploys publish: the alias that the API calls, how many published versions to keep, and the S3
     * bucket for code too big to upload directly ("" when not set: lamb's own lamb-ACCOUNT-REGION).
     */
    public record Deploy(String alias, int keepVersions, String bucket) {}

    /**
     * lamb tune's defaults: the sizes, invocations per size (0 when not set: sample until known), and the
     * event file each invocation sends, relative to the project ("" when not set: a request to the first route).
     */
    public record Tune(String memory, int invocations, String event) {}
}
