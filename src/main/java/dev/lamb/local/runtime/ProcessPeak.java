package dev.lamb.local.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's peak resident memory (VmHWM) plus its children's, from /proc. It is read on every invocation, so the
 * process's own files are kept open ({@link KeptOpenFile}), and a single-threaded process's children come from its one
 * thread's children file, without listing its threads.
 */
final class ProcessPeak implements AutoCloseable {
    private final KeptOpenFile status;
    private final KeptOpenFile mainChildren;
    private final long pid;

    ProcessPeak(long pid) {
        this.pid = pid;
        this.status = new KeptOpenFile(Path.of("/proc", Long.toString(pid), "status"));
        this.mainChildren = new KeptOpenFile(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
    }

    /** The peak in KB; 0 once the process is gone. */
    long kb() {
        String text;
        try {
            text = "\n" + status.read();
        } catch (IOException e) {
            return 0; // The process may have just exited; it then adds nothing.
        }
        long total = field(text, "\nVmHWM:");
        for (long child : field(text, "\nThreads:") == 1 ? mainThreadChildren() : children(pid)) {
            total += peakRssKb(child);
        }
        return total;
    }

    private List<Long> mainThreadChildren() {
        List<Long> out = new ArrayList<>();
        try {
            addPids(mainChildren.read(), out);
        } catch (IOException | NumberFormatException e) {
            // The process is gone: it has no children left to count.
        }
        return out;
    }
    private static long peakRssKb(long pid) {
        long total = hwmKb(pid);
        for (long child : children(pid)) {
            total += peakRssKb(child);
        }
        return total;
    }

    /** The process's children, from the children file of each of its threads: far cheaper than scanning /proc. */
    private static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                addPids(Files.readString(task.resolve("children")), out);
            }
        } catch (IOException | NumberFormatException e) {
            // The process is gone: it has no children left to count.
        }
        return out;
    }

    private static void addPids(String text, List<Long> out) {
        for (String child : text.trim().split(" ")) {
            if (!child.isEmpty()) {
                out.add(Long.parseLong(child));
            }
        }
    }

    private static long hwmKb(long pid) {
        try {
            return field("\n" + Files.readString(Path.of("/proc", Long.toString(pid), "status")), "\nVmHWM:");
        } catch (IOException e) {
            return 0; // The process may have just exited; it then adds nothing.
        }
    }

    /** The digits of a status line (VmHWM's KB, the thread count); without splitting the file into lines or a regex. */
    private static long field(String status, String name) {
        int at = status.indexOf(name);
        if (at < 0) {
            return 0;
        }
        int end = status.indexOf('\n', at + 1);
        long value = 0;
        for (int i = at; i < (end < 0 ? status.length() : end); i++) {
            char c = status.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
            }
        }
        return value;
    }

    @Override
    public void close() {
        status.close();
        mainChildren.close();
    }
}
