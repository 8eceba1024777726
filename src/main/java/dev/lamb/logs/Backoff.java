package dev.lamb.logs;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th wait is random in [half, all] of base x 2^n, capped, so that
 * several terminals throttled together do not come back in step.
 */
final class Backoff {
    private final long baseMillis;
    private final long maxMillis;
    private int failures;

    Backoff(long baseMillis, long maxMillis) {
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
    }

    long next() {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(failures, 20));
        failures++;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
