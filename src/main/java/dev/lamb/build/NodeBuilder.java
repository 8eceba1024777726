package dev.lamb.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;

/**
 * Node.js: the project's own files, plus the production dependencies of package.json installed by
 * npm into the staging folder. The project's own node_modules (ignored by default) is never used:
 * it usually holds devDependencies from local development.
 */
final class NodeBuilder implements RuntimeBuilder {
    private static final List<String> EXTENSIONS = List.of(".mjs", ".js", ".cjs");
    private static final List<String> LOCK_FILES = List.of("package-lock.json", "npm-shrinkwrap.json");

    private final String runtime;

    NodeBuilder(String runtime) {
        this.runtime = runtime;
    }

    /**
     * As Lambda's Node runtime reads it: the module is everything up to the first dot after the last
     * '/', so "handler.handler" needs handler.mjs (or .js, .cjs) and "src/app.main" needs src/app.mjs.
     */
    @Override
    public void checkHandler(Path project, String handler) {
        int slash = handler.lastIndexOf('/');
        String base = handler.substring(slash + 1);
        int dot = base.indexOf('.');
        if (dot <= 0 || dot == base.length() - 1) {
            throw LambException.usage("handler '" + handler + "' is not file.function: for example handler.handler "
                    + "calls the handler export of handler.mjs");
        }
        String module = handler.substring(0, slash + 1) + base.substring(0, dot);
        for (String extension : EXTENSIONS) {
            if (Files.isRegularFile(project.resolve(module + extension))) {
                return;
            }
        }
        throw RuntimeBuilder.missingHandler(handler, module + ".mjs (or .js, .cjs)", project);
    }

    @Override
    public List<ZipSource> build(BuildContext context) {
        Path project = context.project();
        if (!hasDependencies(project.resolve("package.json"))) {
            context.progress("no dependencies in package.json: nothing to install");
            return context.projectFiles();
        }
        Path npm = context.tools().require("npm", runtime, "install the dependencies in package.json",
                "install Node.js with npm (apt-get install nodejs npm)");
        Path work = context.staging().resolve("node");
        boolean locked = false;
        try {
            Files.createDirectories(work);
            List<String> inputs = new ArrayList<>(List.of("package.json", ".npmrc"));
            inputs.addAll(LOCK_FILES);
            for (String name : inputs) {
                Path file = project.resolve(name);
                if (Files.isRegularFile(file)) {
                    Files.copy(file, work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    locked |= LOCK_FILES.contains(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(npm.toString()));
        command.addAll(locked ? List.of("ci", "--omit=dev") : List.of("install", "--omit=dev", "--no-package-lock"));
        command.addAll(List.of("--no-audit", "--no-fund"));
        String what = locked ? "npm ci" : "npm install";
        context.progress("installing Node dependencies (" + what + ")…");
        context.tools().run(command, work, Map.of()).requireSuccess(what);
        Path modules = work.resolve("node_modules");
        if (!Files.isDirectory(modules)) {
            return context.projectFiles();
        }
        return context.withDependencies(
                SourceTree.collect(modules, "node_modules/", "npm's install folder", IgnoreRules.none(), Set.of()));
    }

    static boolean hasDependencies(Path packageJson) {
        if (!Files.isRegularFile(packageJson)) {
            return false;
        }
        try {
            JsonNode dependencies = new ObjectMapper().readTree(packageJson.toFile()).path("dependencies");
            return dependencies.isObject() && dependencies.size() > 0;
        } catch (JacksonException e) {
            throw LambException.usage(packageJson + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
