package dev.lamb.build;

import java.nio.file.Path;
import java.util.List;

import dev.lamb.LambException;

/** Turns a project of one runtime family into the files of its deployment zip. */
interface RuntimeBuilder {

    /** The builder for a Lambda runtime identifier, or a usage error naming the families lamb knows. */
    static RuntimeBuilder forRuntime(String runtime) {
        String id = runtime == null ? "" : runtime.trim();
        if (id.matches("python3\\.\\d+")) {
            return new PythonBuilder(id);
        }
        if (id.matches("nodejs\\d+\\.x")) {
            return new NodeBuilder(id);
        }
        if (id.matches("java\\d+(\\.al2)?")) {
            return new JavaBuilder(id);
        }
        if (id.equals("provided.al2023") || id.equals("provided.al2")) {
            return new GoBuilder(id);
        }
        throw LambException.usage("unknown runtime '" + runtime + "': lamb packages Python (python3.x), Node.js "
                + "(nodejsNN.x, e.g. nodejs22.x), Java (java17, java21) and Go (provided.al2023, provided.al2)");
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
