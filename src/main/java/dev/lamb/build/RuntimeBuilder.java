package dev.lamb.build;

import java.nio.file.Path;
import java.util.List;

import dev.lamb.LambException;
import dev.lamb.lambda.LambdaRuntimes;

/** Turns a project of one runtime family into the files of its deployment zip. */
interface RuntimeBuilder {

    /** The builder for a Lambda runtime identifier, or a usage error naming the families lamb knows. */
    static RuntimeBuilder forRuntime(String runtime) {
        String id = runtime == null ? "" : runtime.trim();
        String family = LambdaRuntimes.family(id).orElse("");
        switch (family) {
            case "python":
                return new PythonBuilder(id);
            case "nodejs":
                return new NodeBuilder(id);
            case "java":
                return new JavaBuilder(id);
            case "provided":
                return new GoBuilder(id);
            default:
                throw LambException.usage("unknown runtime '" + runtime + "': lamb packages Python, Node.js, Java and Go "
                        + "(provided.*) runtimes, such as " + LambdaRuntimes.newestOf("python", "nodejs", "java", "provided"));
        }
    }

    /**
     * Checks, before anything is built, that the source file the handler string names is in the
     * project; a usage error names the file and the handler otherwise.
     */
    void checkHandler(Path project, String handler);

    /** Patterns this runtime adds after {@link IgnoreRules#DEFAULTS}, before the project's .lambignore. */
    default List<String> ignores() {
        return List.of();
    }

    /** Builds in the context's staging folder and returns every file the zip should hold. */
    List<ZipSource> build(BuildContext context);

    /** The usage error for a handler whose file is missing. */
    static LambException missingHandler(String handler, String file, Path project) {
        return LambException.usage("handler '" + handler + "' needs " + file + " in " + project
                + ", which does not exist: create it, or fix handler in lamb.toml");
    }
}
