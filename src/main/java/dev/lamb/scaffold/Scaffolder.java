package dev.lamb.scaffold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.lamb.FileTrees;
import dev.lamb.LambException;
import dev.lamb.config.FunctionName;

/**
 * Writes a new function project from the templates. Everything is rendered in memory and checked
 * first, and a new folder appears whole or not at all, so a failed init leaves nothing behind.
 */
public final class Scaffolder {
    public ScaffoldResult create(ScaffoldRequest request) {
        FunctionName.require(request.name());
        Map<String, byte[]> rendered = render(request);
        Path dir = request.dir().toAbsolutePath().normalize();
        checkTarget(dir, request.force());
        try {
            if (Files.exists(dir)) {
                writeAll(dir, rendered);
            } else {
                writeIntoNewFolder(dir, rendered);
            }
        } catch (IOException e) {
            throw LambException.io("could not write the project to " + dir, e);
        }
        return new ScaffoldResult(request.name(), request.runtime().lambdaRuntime(), request.architecture().id(),
                dir, List.copyOf(rendered.keySet()));
    }

    private static Map<String, byte[]> render(ScaffoldRequest request) {
        TemplateRenderer renderer = new TemplateRenderer(Map.of(
                "name", request.name(),
                "runtime", request.runtime().lambdaRuntime(),
                "architecture", request.architecture().id()));
        Map<String, byte[]> out = new LinkedHashMap<>();
        TemplateCatalog.filesFor(request.runtime().template()).forEach((path, bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            out.put(path, renderer.render(text, path).getBytes(StandardCharsets.UTF_8));
        });
        return out;
    }

    private static void checkTarget(Path dir, boolean force) {
        for (Path up = dir.getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up) && !Files.isDirectory(up)) {
                throw LambException.usage(up + " is a file, so " + dir + " cannot be a folder: choose another place with --dir");
            }
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw LambException.usage(dir + " exists and is not a folder: choose another place with --dir");
        }
        if (!force && Files.isDirectory(dir) && !isEmpty(dir)) {
            throw LambException.usage("folder " + dir + " is not empty: choose another with --dir, "
                    + "or pass --force to write the template's files into it");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw LambException.io("could not read the folder " + dir, e);
        }
    }

    /** Writes into a hidden sibling first and renames it into place, so the folder appears complete. */
    static void writeIntoNewFolder(Path dir, Map<String, byte[]> files) throws IOException {
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        // Not createTempDirectory: its 0700 mode would stick to the user's project after the rename.
        Path staging = Files.createDirectory(parent.resolve("." + dir.getFileName() + ".lamb-init-" + ProcessHandle.current().pid()));
        try {
            writeAll(staging, files);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(staging);
            throw e;
        }
    }

    static void writeAll(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }
}
