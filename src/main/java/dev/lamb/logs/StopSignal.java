package dev.lamb.logs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Ends a follow: Ctrl-C, or a test that has seen enough. Followers wait on it instead of sleeping. */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    public boolean stopped() {
        return stopped.getCount() == 0;
    }

    /** Waits up to {@code millis}; true when stopped meanwhile. An interrupt counts as a stop. */
    public boolean await(long millis) {
        try {
            return stopped.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return true;
        }
    }
}
