package dev.lamb.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external tools a test needs. A missing tool skips the test on a developer's machine, but
 * fails it under LAMB_TEST_STRICT=1 (as CI runs), so that CI can never go green by skipping.
 */
public final class RequiredTools {
    private RequiredTools() {}

    /** The tool's absolute path, or the test is skipped (or failed, when strict). */
    public static Path require(String tool) {
        Optional<Path> found = find(tool);
        if (found.isEmpty()) {
            String why = "'" + tool + "' is not on PATH";
            if ("1".equals(System.getenv("LAMB_TEST_STRICT"))) {
                throw new AssertionError(why + " and LAMB_TEST_STRICT=1 forbids skipping; install it (see .ci/run)");
            }
            Assumptions.abort(why + "; skipping");
        }
        return found.get();
    }

    public static Optional<Path> find(String tool) {
        if (tool.contains("/")) {
            Path p = Path.of(tool);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
