package example;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the delay before retry n (0 first) is random(0, min(cap, base * 2^n)).
 * The random source returns [0, 1); tests inject their own.
 */
public record Backoff(Duration base, Duration cap, DoubleSupplier random) {

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** min(cap, base * 2^attempt), without overflowing a long when the attempt is large. */
    public Duration ceiling(int attempt) {
        long baseNanos = base.toNanos();
        if (attempt >= Long.numberOfLeadingZeros(baseNanos) - 1) {
            return cap;
        }
        return Duration.ofNanos(Math.min(cap.toNanos(), baseNanos << attempt));
    }

    public Duration delay(int attempt) {
        return Duration.ofNanos((long) (random.getAsDouble() * ceiling(attempt).toNanos()));
    }
}
