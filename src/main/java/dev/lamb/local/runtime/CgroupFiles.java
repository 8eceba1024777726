package dev.lamb.local.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Reading and writing the small control files of cgroupfs, and saying why a write failed. */
final class CgroupFiles {
    private CgroupFiles() {}

    /** Writes one value as the kernel wants it: one write, no create, no truncate. */
    static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
    }

    /** Writes when the file exists; the kernel may refuse silently-optional settings, which is then ignored. */
    static boolean tryWrite(Path file, String value) {
        if (!Files.exists(file)) {
            return false;
        }
        try {
            write(file, value);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static OptionalLong readLong(Path file) {
        try {
            return parseLong(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** A single-value file's text as {@link #readLong} reads it. */
    static OptionalLong parseLong(String text) {
        try {
            String value = text.trim();
            return value.equals("max") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of `key` in a flat keyed file such as memory.events or memory.oom_control. */
    static OptionalLong readKeyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // absent: the kernel does not count it
        }
        return OptionalLong.empty();
    }

    /** The pids in a group's cgroup.procs; empty when it is gone. */
    static List<Long> pids(Path group) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(group.resolve("cgroup.procs"), StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return pids;
    }

    /** The effective user id of this process, from /proc; -1 when unknown. */
    static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    /** Identifies this pid namespace, so that group names from other containers' lambs are never taken for ours. */
    static long pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return Long.parseLong(link.replaceAll("[^0-9]", ""));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Why an operation on a cgroup file failed, in a few words for the notice. */
    static String why(IOException e, Path where) {
        if (e instanceof NoSuchFileException) {
            return where + " does not exist";
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (reason == null) {
            reason = e.getClass().getSimpleName();
        }
        if (e instanceof AccessDeniedException || reason.contains("Permission denied")
                || reason.contains("Operation not permitted")) {
            long uid = uid();
            if (uid > 0) {
                return "lamb is not running as root";
            }
            return "permission denied on " + where;
        }
        if (reason.contains("Read-only file system")) {
            return where + " is read-only";
        }
        return where + ": " + reason;
    }
}
