package dev.lamb.scaffold;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import dev.lamb.FileTrees;
import dev.lamb.LambException;
import dev.lamb.ZipModes;
import dev.lamb.config.ProjectConfigLoader;

/**
 * Writes the project of a deployed function (`lamb init --from-function`): its lamb.toml and, with --with-code,
 * the files of its code, executables (a custom runtime's bootstrap) still executable. A file that exists
 * already is never overwritten: the whole write is refused first, naming it, and a file that appears after
 * that check still refuses its own move. Everything is written into a staging folder and then moved into
 * place; a failure midway removes what was moved, so that the folder is left as it was.
 */
public final class ImportedProject {
    private ImportedProject() {}

    /**
     * The files written, relative to {@code dir}; {@code zip} is null without --with-code. {@code ownerOnly}
     * (the environment's values are in lamb.toml) makes lamb.toml readable by its owner only (0600).
     */
    public static List<String> write(Path dir, String toml, boolean ownerOnly, byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ProjectConfigLoader.FILE, toml.getBytes(StandardCharsets.UTF_8));
        Set<String> executables = new HashSet<>();
        if (zip != null) {
            Map<String, Integer> modes = ZipModes.unixModes(zip);
            unzip(zip).forEach((name, bytes) -> {
                if (files.putIfAbsent(name, bytes) != null) {
                    throw LambException.usage("the function's code holds its own " + name + ", which lamb init would write: "
                            + "download the code without --with-code and compare");
                }
                if (ZipModes.executable(modes, name)) {
                    executables.add(name);
                }
            });
        }
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw LambException.usage(target + " exists and is not a folder: choose another place with --dir");
        }
        for (String name : files.keySet()) {
            if (Files.exists(target.resolve(name))) {
                throw exists(target.resolve(name));
            }
        }
        boolean intoExisting = Files.exists(target);
        Path staging = intoExisting ? target.resolve(".lamb-init-" + ProcessHandle.current().pid())
                // Beside the new folder, not createTempDirectory: its 0700 mode would stick to the project after the rename.
                : target.getParent().resolve("." + target.getFileName() + ".lamb-init-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(staging.getParent());
            Files.createDirectory(staging);
            try {
                Scaffolder.writeAll(staging, files);
                if (ownerOnly) {
                    ownerOnly(staging.resolve(ProjectConfigLoader.FILE));
                }
                for (String name : executables) {
                    ZipModes.makeExecutable(staging.resolve(name));
                }
                if (intoExisting) {
                    moveIn(staging, target, files.keySet());
                } else {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                FileTrees.delete(staging);
            }
        } catch (FileAlreadyExistsException e) {
            throw exists(Path.of(e.getFile()));
        } catch (IOException e) {
            throw LambException.io("could not write the project to " + target, e);
        }
        return List.copyOf(files.keySet());
    }

    private static LambException exists(Path file) {
        return LambException.usage(file + " exists, and lamb init overwrites nothing: choose an empty folder with --dir, "
                + "or move the file away");
    }

    /**
     * Each file linked to its place, which fails when a file of that name exists, even one made after the check
     * (a rename would replace it); on any failure, the files and folders placed so far are removed again.
     */
    private static void moveIn(Path staging, Path dir, Set<String> names) throws IOException {
        Deque<Path> placed = new ArrayDeque<>();
        try {
            for (String name : names) {
                Path to = dir.resolve(name);
                for (Path folder : missingFolders(dir, to.getParent())) {
                    Files.createDirectory(folder);
                    placed.push(folder);
                }
                place(staging.resolve(name), to);
                placed.push(to);
            }
        } catch (IOException | RuntimeException e) {
            while (!placed.isEmpty()) {
                Files.deleteIfExists(placed.pop());
            }
            throw e;
        }
    }

    /** The folders between dir and folder that do not exist yet, outermost first. */
    private static List<Path> missingFolders(Path dir, Path folder) {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path f = folder; !f.equals(dir) && !Files.exists(f); f = f.getParent()) {
            missing.push(f);
        }
        return List.copyOf(missing);
    }

    private static void place(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (UnsupportedOperationException e) {
            // No hard links here: a move without REPLACE_EXISTING, which checks just before it renames.
            Files.move(from, to);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
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
