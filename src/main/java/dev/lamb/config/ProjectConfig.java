package dev.lamb.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.lamb.LambException;

/** A project's lamb.toml, validated, with defaults filled in. */
public record ProjectConfig(Path dir, Function function, Api api, Deploy deploy, Tune tune) {
    /** The same project deployed to another API Gateway stage (--stage). */
    public ProjectConfig withStage(String stage) {
        if (!stage.matches("[a-zA-Z0-9_]{1,128}")) {
            throw LambException.usage("--stage " + stage + " is not a stage name: letters, digits and _ only");
        }
        return new ProjectConfig(dir, function, new Api(stage, api.routes()), deploy, tune);
    }

    public record Function(String name, String runtime, String handler, String architecture, int memory,
            int timeout, int logRetentionDays, String logGroup, String logFormat, boolean tracing,
            Map<String, String> environment, String role) {
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

    /** How deploys publish: the alias that the API calls, and how many published versions to keep. */
    public record Deploy(String alias, int keepVersions) {}

    /**
     * lamb tune's defaults: the sizes, invocations per size (0 when not set: sample until known), and the
     * event file each invocation sends, relative to the project ("" when not set: a request to the first route).
     */
    public record Tune(String memory, int invocations, String event) {}
}
