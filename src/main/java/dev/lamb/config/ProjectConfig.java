package dev.lamb.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A project's lamb.toml, validated, with defaults filled in. */
public record ProjectConfig(Path dir, Function function, Api api, Tune tune) {
    public record Function(String name, String runtime, String handler, String architecture, int memory,
            int timeout, int logRetentionDays, String logGroup, String logFormat, boolean tracing,
            Map<String, String> environment) {}

    public record Api(String stage, List<Route> routes) {}

    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public record Tune(String memory, int invocations) {}
}
