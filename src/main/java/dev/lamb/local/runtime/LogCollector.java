package dev.lamb.local.runtime;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the process's output line by line into the current invocation's log, or, between
 * invocations, into the init log that precedes the next START line.
 */
final class LogCollector {
    /** NUL never appears in a log line a person wants, so it fences lamb's drain markers. */
    private static final byte FENCE = 0;
    private static final byte[] FENCE_LINE = {FENCE, '\n'};
    /** CloudWatch keeps at most 256 KB of one event; a log is held in memory, so it is capped too. */
    private static final int MAX_LINE_BYTES = 256 * 1024;
    private static final long MAX_KEPT_BYTES = 8L * 1024 * 1024;

    private final InputStream in;
    private final long pid;
    private final Thread reader;
    private final List<String> initLines = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long kept;
    private long dropped;
    private List<String> target;
    private long markersSeen;
    private long markersSent;
    /**
     * The pipe's write end, opened once through /proc and kept for the fences of later invocations (opening it cost
     * more than the write); let go when the process exits, so that the reader then sees the pipe end as before.
     */
    private final Object pipeLock = new Object();
    private FileOutputStream pipe;
    private boolean exited;

    LogCollector(InputStream in, long pid) {
        this.in = in;
        this.pid = pid;
        this.reader = new Thread(this::pump, "lamb-function-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                accept(buffer, n);
            }
        } catch (IOException e) {
            // The process ended; whatever it wrote has been read.
        }
        synchronized (this) {
            flushPartial();
            markersSeen = Long.MAX_VALUE;
            notifyAll();
        }
    }

    /** Lines are cut at the byte level, so a UTF-8 character split between two reads stays whole. */
    private synchronized void accept(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                flushPartial();
            } else if (partial.size() < MAX_LINE_BYTES) {
                partial.write(buffer[i]);
            } else {
                dropped++;
            }
        }
    }

    private void flushPartial() {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        int length = bytes.length;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == FENCE) {
                // A drain marker: what came before it (maybe a line without its newline) is the function's.
                markersSeen++;
                length = i;
                notifyAll();
                break;
            }
        }
        if (length == 0) {
            return;
        }
        if (kept + length > MAX_KEPT_BYTES) {
            dropped += length;
            return;
        }
        kept += length;
        (target != null ? target : initLines).add(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    synchronized void begin(List<String> lines) {
        target = lines;
        kept = 0;
        dropped = 0;
    }

    /**
     * Waits until everything the runtime wrote before answering has been read. It flushed before
     * posting its answer, so a marker written now into the same pipe comes after all of it, and
     * once the marker has been read, so has the rest.
     */
    void drain() {
        awaitFence(fence());
    }

    /** Writes a drain marker into the pipe now, from any thread; {@link #awaitFence} waits until it has been read. */
    long fence() {
        long marker;
        synchronized (this) {
            marker = ++markersSent;
        }
        // Not under this object's lock: a write to a full pipe waits for the reader, which takes that lock.
        synchronized (pipeLock) {
            try {
                if (pipe == null && !exited) {
                    pipe = new FileOutputStream("/proc/" + pid + "/fd/1");
                }
                if (pipe != null) {
                    pipe.write(FENCE_LINE);
                }
            } catch (IOException e) {
                // The process is gone: the reader ends at the end of the pipe instead.
            }
        }
        return marker;
    }

    /** The process has exited: its pipe's write end is let go, so that the reader sees the end of the pipe. */
    void exited() {
        synchronized (pipeLock) {
            exited = true;
            if (pipe != null) {
                try {
                    pipe.close();
                } catch (IOException e) {
                    // Nothing was buffered: a failed close loses nothing.
                }
                pipe = null;
            }
        }
    }

    void awaitFence(long marker) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (this) {
            while (markersSeen < marker && reader.isAlive()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    synchronized void end() {
        flushPartial();
        if (dropped > 0 && target != null) {
            target.add("lamb: " + dropped + " bytes of output left out of this log (lines over 256 KB, or over 8 MB in all)");
        }
        target = null;
    }

    synchronized List<String> takeInitLines() {
        List<String> lines = List.copyOf(initLines);
        initLines.clear();
        return lines;
    }
}
