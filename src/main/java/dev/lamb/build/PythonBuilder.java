package dev.lamb.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lamb.LambException;

/**
 * Python: the project's own files, plus requirements.txt installed by pip as Lambda's platform
 * needs it (manylinux wheels for the function's architecture and Python version, never built from
 * source on this machine), straight into the staging folder.
 *
 * <p>The project's files are read in place rather than copied to staging first: the zip is the same,
 * and a large project is not written to disk twice.
 */
final class PythonBuilder implements RuntimeBuilder {
    private final String runtime;
    private final String pythonVersion;

    PythonBuilder(String runtime) {
        this.runtime = runtime;
        this.pythonVersion = runtime.substring("python".length());
    }

    /** "handler.handler" needs handler.py; "pkg.mod.fn" and "pkg/mod.fn" need pkg/mod.py (or pkg/mod/__init__.py). */
    @Override
    public void checkHandler(Path project, String handler) {
        int dot = handler.lastIndexOf('.');
        if (dot <= 0 || dot == handler.length() - 1) {
            throw LambException.usage("handler '" + handler + "' is not module.function: for example handler.handler "
                    + "calls handler() in handler.py");
        }
        String module = handler.substring(0, dot).replace('.', '/');
        if (!Files.isRegularFile(project.resolve(module + ".py"))
                && !Files.isRegularFile(project.resolve(module).resolve("__init__.py"))) {
            throw RuntimeBuilder.missingHandler(handler, module + ".py", project);
        }
    }

    @Override
    public List<ZipSource> build(BuildContext context) {
        Path requirements = context.project().resolve("requirements.txt");
        if (!listsPackages(requirements)) {
            context.progress("no packages in requirements.txt: nothing to install");
            return context.projectFiles();
        }
        Path python = context.tools().require("python3", runtime, "install the packages in requirements.txt",
                "install Python 3 with pip (apt-get install python3 python3-pip)");
        Path target = context.staging().resolve("python");
        String platform = context.architecture().pipPlatform();
        context.progress("installing Python dependencies (pip)…");
        Tools.Outcome pip = context.tools().run(List.of(python.toString(), "-m", "pip", "install",
                "-r", requirements.toString(), "--target", target.toString(),
                "--platform", platform, "--implementation", "cp", "--python-version", pythonVersion,
                "--only-binary=:all:", "--upgrade",
                // .pyc files record the time they were written, which would make every zip different.
                "--no-compile", "--disable-pip-version-check", "--no-input"), context.project(), Map.of());
        if (pip.exitCode() != 0 && pip.printed("No module named pip")) {
            throw LambException.failed(python + " has no pip, and runtime " + runtime + " needs it to install the "
                    + "packages in requirements.txt: install pip (apt-get install python3-pip) and retry");
        }
        pip.requireSuccess("pip install -r requirements.txt", pip.printed("No matching distribution")
                ? "lamb installs only prebuilt wheels for Lambda (" + platform + ", CPython " + pythonVersion
                        + "): check the name, and that the version publishes such a wheel"
                : "");
        if (!Files.isDirectory(target)) {
            return context.projectFiles();
        }
        // bin/ holds console scripts whose first line names this machine's Python: useless on Lambda,
        // and different on every machine.
        List<ZipSource> installed = SourceTree.collect(target, "", "pip's install folder",
                IgnoreRules.of(List.of("/bin/")), Set.of());
        return context.withDependencies(installed);
    }

    /** Whether pip would have anything to do: a line that is not blank once comments are removed. */
    static boolean listsPackages(Path requirements) {
        if (!Files.isRegularFile(requirements)) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(requirements, StandardCharsets.UTF_8)) {
                // pip's rule: '#' starts a comment at the start of a line or after whitespace.
                String text = line.replaceFirst("(^|\\s)#.*$", "").strip();
                if (!text.isEmpty()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
