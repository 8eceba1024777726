package dev.lamb.scaffold;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.lamb.LambException;

/** The runtimes `lamb init` can scaffold, each with the Lambda runtime and handler its template uses. */
public enum FunctionRuntime {
    PYTHON("python", "python3.13", "handler.handler"),
    NODE("node", "nodejs22.x", "handler.handler"),
    JAVA("java", "java21", "example.Handler::handleRequest"),
    GO("go", "provided.al2023", "bootstrap");

    private final String id;
    private final String lambdaRuntime;
    private final String handler;

    FunctionRuntime(String id, String lambdaRuntime, String handler) {
        this.id = id;
        this.lambdaRuntime = lambdaRuntime;
        this.handler = handler;
    }

    public String id() {
        return id;
    }

    public String lambdaRuntime() {
        return lambdaRuntime;
    }

    public String handler() {
        return handler;
    }

    public static FunctionRuntime parse(String text) {
        return Arrays.stream(values())
                .filter(r -> r.id.equalsIgnoreCase(text.trim()))
                .findFirst()
                .orElseThrow(() -> LambException.usage(
                        "unknown runtime '" + text + "': choose one of " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(FunctionRuntime::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
