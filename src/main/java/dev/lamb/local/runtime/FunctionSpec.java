package dev.lamb.local.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the engine needs to run a function: its code (the unpacked deployment package, Lambda's task
 * root) and the configuration Lambda would give it, its execution role's ARN among it (null: none known).
 */
public record FunctionSpec(String name, String runtime, String handler, Path taskRoot, int memoryMb,
        int timeoutSeconds, Map<String, String> environment, String region, LogFormat logFormat, String version, String role) {

    public enum LogFormat { TEXT, JSON }

    public static final String LATEST = "$LATEST";

    public FunctionSpec {
        environment = Map.copyOf(environment);
        taskRoot = taskRoot.toAbsolutePath().normalize();
        version = version == null ? LATEST : version;
    }

    /** A function whose role is not known. */
    public FunctionSpec(String name, String runtime, String handler, Path taskRoot, int memoryMb, int timeoutSeconds,
            Map<String, String> environment, String region, LogFormat logFormat, String version) {
        this(name, runtime, handler, taskRoot, memoryMb, timeoutSeconds, environment, region, logFormat, version, null);
    }

    /** $LATEST: what runs from sources, and what an unqualified invocation runs. */
    public FunctionSpec(String name, String runtime, String handler, Path taskRoot, int memoryMb, int timeoutSeconds,
            Map<String, String> environment, String region, LogFormat logFormat) {
        this(name, runtime, handler, taskRoot, memoryMb, timeoutSeconds, environment, region, logFormat, LATEST);
    }

    /** The same function with its code at another path (a copy its process's user can read). */
    public FunctionSpec withTaskRoot(Path root) {
        return root.equals(taskRoot) ? this
                : new FunctionSpec(name, runtime, handler, root, memoryMb, timeoutSeconds, environment, region, logFormat, version, role);
    }

    /** The same function running as the role of that ARN. */
    public FunctionSpec withRole(String roleArn) {
        return new FunctionSpec(name, runtime, handler, taskRoot, memoryMb, timeoutSeconds, environment, region, logFormat, version, roleArn);
    }

    public String arn() {
        return "arn:aws:lambda:" + region + ":000000000000:function:" + name;
    }

    public String logGroup() {
        return "/aws/lambda/" + name;
    }
}
