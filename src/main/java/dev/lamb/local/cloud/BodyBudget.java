package dev.lamb.local.cloud;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many bytes of big request bodies the cloud holds at once, so that concurrent uploads within their
 * limits (50 MB zips) cannot together exhaust its memory: past the budget a request waits a moment for
 * room, then is throttled, and its client retries it later.
 */
final class BodyBudget {
    /** Bodies smaller than this are not counted: many of them at once are still little memory. */
    static final long COUNTED_FROM = 1 << 20;
    private static final long KB = 1024;

    private final Semaphore kilobytes;
    private final int total;

    BodyBudget(long bytes) {
        this.total = (int) Math.min(Integer.MAX_VALUE, bytes / KB);
        this.kilobytes = new Semaphore(total, true);
    }

    /**
     * An eighth of the heap: a body costs about five times its size while it is parsed (the JSON parser's
     * characters take two bytes each) and decoded (a base64 zip).
     */
    static BodyBudget forThisHeap() {
        return new BodyBudget(Runtime.getRuntime().maxMemory() / 8);
    }

    /** Room held for one body; closing it gives the room back. */
    interface Room extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Room for a body of (at most) bytes, waiting up to waitMillis for it; empty when there is none. One body
     * larger than the whole budget waits for all of it.
     */
    Optional<Room> take(long bytes, long waitMillis) throws InterruptedException {
        if (bytes < COUNTED_FROM) {
            return Optional.of(() -> {});
        }
        int wanted = (int) Math.min(total, (bytes + KB - 1) / KB);
        if (!kilobytes.tryAcquire(wanted, waitMillis, TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(() -> kilobytes.release(wanted));
    }
}
