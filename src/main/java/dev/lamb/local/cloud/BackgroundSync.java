package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes whose fsync is left to a thread of their own, one per store that uses it (so one cloud's close waits for
 * its own writes only): {@link #replace} and {@link #delete} return once the change is in the kernel's page cache,
 * which a killed process cannot lose (see {@link DurableFiles}), and the thread syncs in the order of the writes,
 * batching what arrives meanwhile.
 *
 * <p>A sync that fails is not retried: after a failed fsync Linux may already have dropped the pages it could not
 * write, so a second fsync would succeed without them. The failure is said at once (the cloud's log), and every
 * later write is refused with it ({@link SyncFailedException}) until the cloud restarts and loads what is on disk,
 * rather than answering changes that may not be kept.
 */
public final class BackgroundSync implements AutoCloseable {
    /** How long a stopping cloud waits for the last changes to be synced before it says which were not. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** Puts one file's content on disk: the disk's own sync, or a test's that fails (no real disk fails on demand). */
    public interface Force {
        void force(Path file) throws IOException;
    }

    private final String what;
    private final Force force;
    private final Consumer<String> log;
    private final Set<Path> pending = new LinkedHashSet<>();
    private List<Path> inFlight = List.of();
    private final Set<Path> failed = new LinkedHashSet<>();
    private long added;
    private long synced;
    private Thread thread;
    private boolean running;
    private String failure;
    private boolean closed;

    /** Syncs the files of {@code what} (named in log lines and errors), saying what goes wrong on stderr, the cloud's log. */
    public BackgroundSync(String what) {
        this(what, BackgroundSync::forceToDisk, System.err::println);
    }

    public BackgroundSync(String what, Force force, Consumer<String> log) {
        this.what = what;
        this.force = force;
        this.log = log;
    }

    /** Replaces the file's content at once, as {@link DurableFiles#replace} does, and syncs it in the background. */
    public void replace(Path file, byte[] content) throws IOException {
        if (refuseOrSyncNow()) {
            DurableFiles.replace(file, content);
            return;
        }
        DurableFiles.writeAndMove(file, content, false);
        add(file);
    }

    /** Deletes the file if it is there; the folder is synced in the background. */
    public void delete(Path file) throws IOException {
        boolean now = refuseOrSyncNow();
        if (Files.deleteIfExists(file)) {
            if (now) {
                DurableFiles.syncDirectory(file.toAbsolutePath().getParent());
            } else {
                add(file);
            }
        }
    }

    /** Why writes are refused: the sync that failed, or the sync thread that stopped; empty while all is well. */
    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Waits up to {@code timeout} until every change made so far is synced, and returns the files that are not
     * (empty when all are), failed ones included: a sync thread that stopped or hangs on a dying disk does not hold
     * its caller forever.
     */
    public synchronized List<Path> awaitSynced(Duration timeout) {
        long target = added;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (synced < target && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<Path> unsynced = new LinkedHashSet<>(failed);
        if (synced < target) {
            unsynced.addAll(inFlight);
            unsynced.addAll(pending);
        }
        return List.copyOf(unsynced);
    }

    /** Waits (a bounded time) for the last changes, says in the log which are not synced, and stops the thread. */
    @Override
    public void close() {
        List<Path> unsynced = awaitSynced(CLOSE_WAIT);
        Thread stopping;
        synchronized (this) {
            closed = true;
            stopping = thread;
            notifyAll();
        }
        if (stopping != null) {
            stopping.interrupt();
        }
        if (!unsynced.isEmpty()) {
            log.accept("lamb local cloud: stopped before " + unsynced.size() + " change(s) to " + what + " were synced to disk: "
                    + unsynced + "; they are in the kernel's page cache, which a power cut before it writes them loses");
        }
    }

    /** Throws the failure that refuses writes; true once closed, when a write is synced before it returns. */
    private synchronized boolean refuseOrSyncNow() throws SyncFailedException {
        if (failure != null) {
            throw new SyncFailedException(failure);
        }
        return closed;
    }

    private synchronized void add(Path file) {
        pending.add(file.toAbsolutePath());
        added++;
        if (!running) {
            running = true;
            thread = new Thread(this::run, "lamb-sync " + what);
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
    }

    private void run() {
        try {
            while (true) {
                List<Path> batch;
                long upTo;
                synchronized (this) {
                    while (pending.isEmpty() && !closed) {
                        wait();
                    }
                    if (pending.isEmpty()) {
                        return;
                    }
                    batch = new ArrayList<>(pending);
                    inFlight = batch;
                    upTo = added;
                    pending.clear();
                }
                Optional<String> why = sync(batch);
                synchronized (this) {
                    why.ifPresent(this::fail);
                    synced = upTo;
                    inFlight = List.of();
                    notifyAll();
                }
            }
        } catch (InterruptedException e) {
            // Stopped (close): what is left unsynced is told by close. An interrupt from elsewhere ends this
            // thread only; the next write starts another.
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                fail("the thread that syncs " + what + " to disk stopped: " + e);
            }
            throw e;
        } finally {
            synchronized (this) {
                running = false;
                notifyAll();
            }
        }
    }

    /** Keeps the first failure, which refuses every later write, and says it in the log. */
    private void fail(String why) {
        if (failure == null) {
            failure = why + "; lamb's local cloud refuses further changes to " + what
                    + " until it restarts (it then loads what is on disk)";
            log.accept("lamb local cloud: " + failure);
        }
    }

    /** Syncs each file still there, then each folder (which holds its renames and deletions); says the first failure. */
    private Optional<String> sync(List<Path> files) {
        Optional<String> why = Optional.empty();
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path file : files) {
            dirs.add(file.getParent());
            try {
                force.force(file);
            } catch (NoSuchFileException e) {
                // deleted since (or a deletion): the folder's sync below covers it
            } catch (IOException e) {
                synchronized (this) {
                    failed.add(file);
                }
                why = why.or(() -> Optional.of("could not sync " + file + " to disk: " + e.getMessage()));
            }
        }
        dirs.forEach(DurableFiles::syncDirectory);
        return why;
    }

    private static void forceToDisk(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
