package dev.lamb.aws;

import java.util.concurrent.ThreadLocalRandom;

/**
 * lamb's one backoff, for every retry the SDK's own does not cover (Lambda's update conflicts, IAM's
 * propagation, Logs reads and Live Tail sessions): the n-th wait is random in [half, all] of base x 2^n,
 * capped, so that several terminals throttled together do not come back in step.
 */
public final class Backoff {
    private final long baseMillis;
    private final long maxMillis;
    private int failures;

    public Backoff(long baseMillis, long maxMillis) {
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
    }

    public long next() {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(failures, 20));
        failures++;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }

    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
