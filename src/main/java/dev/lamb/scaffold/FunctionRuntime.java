package dev.lamb.scaffold;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.lamb.LambException;

/** The runtimes `lamb init` can scaffold, each with the Lambda runtime its template uses. */
public enum FunctionRuntime {
    PYTHON("python", "python3.13", "python3 -m unittest", "python3", "Python 3"),
    NODE("node", "nodejs22.x", "npm test", "npm", "Node.js 20 or newer (package.json: \"node\": \">=20\")"),
    JAVA("java", "java21", "mvn test", "mvn", "Maven and JDK 17 or newer (pom.xml: maven.compiler.release 17)"),
    GO("go", "provided.al2023", "go mod tidy && go test ./...", "go", "Go 1.22 or newer (go.mod: go 1.22)");

    private final String id;
    private final String lambdaRuntime;
    private final String testCommand;
    private final String tool;
    private final String toolchain;

    FunctionRuntime(String id, String lambdaRuntime, String testCommand, String tool, String toolchain) {
        this.id = id;
        this.lambdaRuntime = lambdaRuntime;
        this.testCommand = testCommand;
        this.tool = tool;
        this.toolchain = toolchain;
    }

    /** The command the project's tests and build need on PATH. */
    public String tool() {
        return tool;
    }

    /** What to install for {@link #tool()}, with the minimum version the template asks for and where it says so. */
    public String toolchain() {
        return toolchain;
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
