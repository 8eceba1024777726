package dev.lamb.scaffold;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import dev.lamb.FileTrees;
import dev.lamb.LambException;
import dev.lamb.config.ProjectConfigLoader;

/**
 * Writes the project of a deployed function (`lamb init --from-function`): its lamb.toml and, with --with-code,
 * the files of its code. A file that exists already is never overwritten: the whole write is refused first,
 * naming it. Everything is written into a staging folder and then moved into place, so that a failure leaves
 * no half-written project.
 */
public final class ImportedProject {
    private ImportedProject() {}

    /** The files written, relative to {@code dir}; {@code zip} is null without --with-code. */
    public static List<String> write(Path dir, String toml, byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ProjectConfigLoader.FILE, toml.getBytes(StandardCharsets.UTF_8));
        if (zip != null) {
            unzip(zip).forEach((name, bytes) -> {
                if (files.putIfAbsent(name, bytes) != null) {
                    throw LambException.usage("the function's code holds its own " + name + ", which lamb init would write: "
                            + "download the code without --with-code and compare");
                }
            });
        }
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw LambException.usage(target + " exists and is not a folder: choose another place with --dir");
        }
        for (String name : files.keySet()) {
            if (Files.exists(target.resolve(name))) {
                throw LambException.usage(target.resolve(name) + " exists, and lamb init overwrites nothing: choose an empty "
                        + "folder with --dir, or move the file away");
            }
        }
        try {
            if (Files.exists(target)) {
                moveIn(target, files);
            } else {
                Scaffolder.writeIntoNewFolder(target, files);
            }
        } catch (IOException e) {
            throw LambException.io("could not write the project to " + target, e);
        }
        return List.copyOf(files.keySet());
    }

    /** Into an existing folder: staged in a hidden folder inside it, then each file moved to its place. */
    private static void moveIn(Path dir, Map<String, byte[]> files) throws IOException {
        Path staging = Files.createDirectory(dir.resolve(".lamb-init-" + ProcessHandle.current().pid()));
        try {
            Scaffolder.writeAll(staging, files);
            for (String name : files.keySet()) {
                Path to = dir.resolve(name);
                Files.createDirectories(to.getParent());
                Files.move(staging.resolve(name), to, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            FileTrees.delete(staging);
        }
    }

    /** The zip's files by relative path; an entry that would land outside the folder is refused. */
    private static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName().replace('\\', '/');
                Path normal = Path.of(name).normalize();
                if (name.startsWith("/") || normal.startsWith("..") || normal.toString().isEmpty()) {
                    throw LambException.failed("the function's code holds the entry '" + name + "', which points outside "
                            + "its folder: lamb does not unpack it");
                }
                if (!entry.isDirectory()) {
                    files.put(normal.toString().replace('\\', '/'), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw LambException.io("could not unpack the function's code", e);
        }
        return files;
    }
}
