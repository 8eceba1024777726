package dev.lamb.logs;

/**
 * A token bucket shared by every read of one run: FilterLogEvents and DescribeLogGroups have a small
 * per-account quota (about 5 requests a second), and many groups polled at once must stay under it, as
 * cw's one global ticker does.
 */
final class RateLimiter {
    /** The process-wide bucket: 4 requests a second, bursts of 4. */
    static final RateLimiter SHARED = new RateLimiter(4, 4);

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    RateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token, waiting for one; false when stopped while waiting. */
    boolean acquire(StopSignal stop) {
        while (true) {
            long waitMillis;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
                last = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return true;
                }
                waitMillis = (long) Math.ceil((1 - tokens) / perSecond * 1000);
            }
            if (stop.await(waitMillis)) {
                return false;
            }
        }
    }
}
