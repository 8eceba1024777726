package dev.lamb.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            missing("'" + tool + "' is not on PATH", "install it (see .ci/run)");
        }
        return found.get();
    }

    /**
     * The python3 on PATH, after checking that it imports {@code module} (which pip installs as
     * {@code pipPackage}), or the test is skipped (or failed, when strict). The check runs in the temp folder,
     * where tests start such servers, because pyenv's shim picks its interpreter by the folder it runs in.
     */
    public static Path requirePythonModule(String module, String pipPackage) {
        Path python = require("python3");
        Processes.Result imported = Processes.run(Path.of(System.getProperty("java.io.tmpdir")), Map.of(), 120,
                List.of(python.toString(), "-c", "import " + module));
        if (imported.exitCode() != 0) {
            missing("python3 (" + python + ") cannot import '" + module + "': " + lastLine(imported.output()),
                    "give that python3 the module (python3 -m pip install '" + pipPackage + "')");
        }
        return python;
    }

    /**
     * The node on PATH, after checking that {@code folder} has its packages installed (node_modules, which
     * {@code npm ci} makes from the folder's package-lock.json), or the test is skipped (or failed, when strict).
     */
    public static Path requireNodePackages(Path folder) {
        Path node = require("node");
        if (!Files.isDirectory(folder.resolve("node_modules"))) {
            missing(folder + " has no node_modules", "run npm ci there (as .ci/run does)");
        }
        return node;
    }

    public static Optional<Path> find(String tool) {
        if (tool.contains("/")) {
            Path p = Path.of(tool);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void missing(String why, String remedy) {
        if ("1".equals(System.getenv("LAMB_TEST_STRICT"))) {
            throw new AssertionError(why + " and LAMB_TEST_STRICT=1 forbids skipping; " + remedy);
        }
        Assumptions.abort(why + "; skipping");
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }
}
