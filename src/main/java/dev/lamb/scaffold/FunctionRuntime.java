package dev.lamb.scaffold;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.lamb.LambException;
import dev.lamb.lambda.LambdaRuntime;
import dev.lamb.lambda.LambdaRuntimes;

/**
 * The templates `lamb init` can scaffold, each for one family of Lambda runtimes: its newest by default
 * (from {@link LambdaRuntimes}), or any other of the family from the version its template needs on.
 */
public enum FunctionRuntime {
    PYTHON("python", "python", 3, "python3 -m unittest", "python3", "Python 3"),
    NODE("node", "nodejs", 20, "npm test", "npm", "Node.js 20 or newer (package.json: \"node\": \">=20\")"),
    JAVA("java", "java", 17, "mvn test", "mvn", "Maven and JDK 17 or newer (pom.xml: maven.compiler.release 17)"),
    GO("go", "provided", 0, "go mod tidy && go test ./...", "go", "Go 1.22 or newer (go.mod: go 1.22)");

    /** A template and the Lambda runtime its lamb.toml names. */
    public record Choice(FunctionRuntime template, String lambdaRuntime) {}

    private static final Pattern VERSION = Pattern.compile("[a-z]+(\\d+)");

    private final String id;
    private final String family;
    private final int minimumVersion;
    private final String testCommand;
    private final String tool;
    private final String toolchain;

    FunctionRuntime(String id, String family, int minimumVersion, String testCommand, String tool, String toolchain) {
        this.id = id;
        this.family = family;
        this.minimumVersion = minimumVersion;
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

    /** The newest Lambda runtime of the template's family: what init writes unless told another. */
    public String lambdaRuntime() {
        return LambdaRuntimes.newest(family).id();
    }

    /** The Lambda runtimes the template can name, newest first: its family's, from the version its code needs on. */
    public List<String> lambdaRuntimes() {
        return LambdaRuntimes.ofFamily(family).stream().map(LambdaRuntime::id)
                .filter(r -> version(r) >= minimumVersion).toList();
    }

    /** How the generated project runs its own tests. */
    public String testCommand() {
        return testCommand;
    }

    /** A template by name (python: its newest runtime), or by a Lambda runtime of it (python3.13). */
    public static Choice parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (FunctionRuntime template : values()) {
            if (template.id.equals(wanted)) {
                return new Choice(template, template.lambdaRuntime());
            }
            if (template.lambdaRuntimes().contains(wanted)) {
                return new Choice(template, wanted);
            }
        }
        throw LambException.usage("unknown runtime '" + text + "': choose one of " + ids() + ", or a Lambda runtime of one: "
                + Arrays.stream(values()).flatMap(r -> r.lambdaRuntimes().stream()).collect(Collectors.joining(", ")));
    }

    public static String ids() {
        return Arrays.stream(values()).map(FunctionRuntime::id).collect(Collectors.joining(", "));
    }

    /** The leading number of a runtime identifier (3 of python3.13, 22 of nodejs22.x, 8 of java8.al2), 0 for none. */
    private static int version(String runtime) {
        Matcher m = VERSION.matcher(runtime);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public String toString() {
        return id;
    }
}
