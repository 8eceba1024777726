package dev.lamb.local.serve;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Notices that a project's files changed by comparing their sizes and modification times between
 * polls: cheap enough to run twice a second, and it works on every file system, where inotify does
 * not (network and container mounts). Build output and lamb's own folder are not sources.
 */
final class SourceWatcher {
    static final Set<String> SKIPPED = Set.of(".lamb", "target", "node_modules", ".git", "__pycache__");

    private record Stamp(long size, long modifiedNanos) {}

    private final Path root;
    private Map<Path, Stamp> last;

    SourceWatcher(Path root) {
        this.root = root;
        this.last = scan();
    }

    /** The first file that was added, changed or removed since the last call, relative to the project. */
    Optional<Path> changed() {
        Map<Path, Stamp> now = scan();
        Map<Path, Stamp> before = last;
        last = now;
        for (Map.Entry<Path, Stamp> e : now.entrySet()) {
            if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        return before.keySet().stream().filter(p -> !now.containsKey(p)).findFirst();
    }

    private Map<Path, Stamp> scan() {
        Map<Path, Stamp> files = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    files.put(root.relativize(file), new Stamp(attrs.size(), attrs.lastModifiedTime().toInstant().getEpochSecond()
                            * 1_000_000_000L + attrs.lastModifiedTime().toInstant().getNano()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // deleted between listing and reading, or unreadable: seen as absent this time
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return last == null ? files : last;
        }
        return files;
    }
}
