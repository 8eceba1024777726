package dev.lamb.scaffold;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.lamb.LambException;

/** The runtimes `lamb init` can scaffold, each with the Lambda runtime its template uses. */
public enum FunctionRuntime {
    PYTHON("python", "python3.13", "python3 -m unittest"),
    NODE("node", "nodejs22.x", "npm test"),
    JAVA("java", "java21", "mvn test"),
    GO("go", "provided.al2023", "go mod tidy && go test ./...");

    private final String id;
    private final String lambdaRuntime;
    private final String testCommand;

    FunctionRuntime(String id, String lambdaRuntime, String testCommand) {
        this.id = id;
        this.lambdaRuntime = lambdaRuntime;
        this.testCommand = testCommand;
    }

    public String id() {
        return id;
    }

    public String lambdaRuntime() {
        return lambdaRuntime;
    }

    /** How the generated project runs its own tests. */
    public String testCommand() {
        return testCommand;
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
