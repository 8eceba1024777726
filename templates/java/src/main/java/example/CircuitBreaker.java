package example;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * closed -> open after {@code failureThreshold} failures in a row -> half-open once {@code coolDown} has passed ->
 * closed on the trial call's success (open again on its failure). Keep one in a static field: it lives as long as
 * the warm instance. The clock (milliseconds) is injected so tests need not wait.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** The breaker is open: the dependency is not called until its cool-down has passed. */
    public static final class OpenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OpenException() {
            super("circuit open: not calling the dependency");
        }
    }

    private final int failureThreshold;
    private final Duration coolDown;
    private final LongSupplier nowMillis;
    private int failures;
    private Long openedAt;

    public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nowMillis) {
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.nowMillis = nowMillis;
    }

    public CircuitBreaker(int failureThreshold, Duration coolDown) {
        this(failureThreshold, coolDown, System::currentTimeMillis);
    }

    public synchronized State state() {
        if (openedAt == null) {
            return State.CLOSED;
        }
        return nowMillis.getAsLong() - openedAt >= coolDown.toMillis() ? State.HALF_OPEN : State.OPEN;
    }

    public <T> T call(Callable<T> dependency) throws Exception {
        State state = state();
        if (state == State.OPEN) {
            throw new OpenException();
        }
        try {
            T result = dependency.call();
            synchronized (this) {
                failures = 0;
                openedAt = null;
            }
            return result;
        } catch (Exception e) {
            synchronized (this) {
                failures++;
                if (state == State.HALF_OPEN || failures >= failureThreshold) {
                    openedAt = nowMillis.getAsLong();
                }
            }
            throw e;
        }
    }
}
