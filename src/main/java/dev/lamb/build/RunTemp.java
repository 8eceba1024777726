package dev.lamb.build;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.FileTrees;

/**
 * A temporary file or folder of one package run, next to where its result goes, named {@code PREFIX<pid>-<random>SUFFIX}
 * after the process that made it. Ctrl-C skips finally blocks, so it is also removed by a shutdown hook; kill -9 skips
 * both, so each run first removes what a run that no longer exists left behind.
 */
final class RunTemp implements AutoCloseable {
    /**
     * Left alone however dead its maker looks, until this old: a process of another PID namespace (a container)
     * sharing the folder may have the same number.
     */
    private static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final long PID = ProcessHandle.current().pid();

    private final Path path;
    private final Thread removal;

    private RunTemp(Path path) {
        this.path = path;
        this.removal = new Thread(() -> FileTrees.deleteQuietly(path));
        Runtime.getRuntime().addShutdownHook(removal);
    }

    /** A new folder in {@code dir}, after the stale ones of its kind there are removed. */
    static RunTemp folder(Path dir, String prefix) throws IOException {
        removeStale(dir, prefix, "");
        return new RunTemp(Files.createTempDirectory(dir, prefix + PID + "-"));
    }

    /** A new file in {@code dir}, after the stale ones of its kind there are removed. */
    static RunTemp file(Path dir, String prefix, String suffix) throws IOException {
        removeStale(dir, prefix, suffix);
        return new RunTemp(Files.createTempFile(dir, prefix + PID + "-", suffix));
    }

    Path path() {
        return path;
    }

    /** Removes the path (if still there: a file moved into place is not), and the hook with it. */
    @Override
    public void close() {
        FileTrees.deleteQuietly(path);
        try {
            Runtime.getRuntime().removeShutdownHook(removal);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void removeStale(Path dir, String prefix, String suffix) throws IOException {
        Pattern named = Pattern.compile(Pattern.quote(prefix) + "(\\d+)-\\d+" + Pattern.quote(suffix));
        Instant staleBefore = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path entry : entries) {
                Matcher m = named.matcher(entry.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                        && Files.getLastModifiedTime(entry).toInstant().isBefore(staleBefore)) {
                    FileTrees.deleteQuietly(entry);
                }
            }
        }
    }
}
