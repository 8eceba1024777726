package example;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Calling a flaky dependency: up to {@code attempts} tries through a circuit breaker, with {@link Backoff}'s delays
 * between them. Lambda retries a failed asynchronous invocation as a whole (lamb.toml's [function.async]); this
 * retries one call inside an invocation, and stops calling a dependency that keeps failing:
 *
 * <pre>
 * private static final CircuitBreaker PRICES = new CircuitBreaker(5, Duration.ofSeconds(30));
 * ...
 * Price price = Retry.call(() -&gt; fetchPrice(event), PRICES, 3, Backoff.standard(), Retry::sleep);
 * </pre>
 */
public final class Retry {
    /** How to wait between tries: Thread.sleep in the function, a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private Retry() {}

    /** An open circuit is not retried: waiting is what it asks for. */
    public static <T> T call(Callable<T> dependency, CircuitBreaker breaker, int attempts, Backoff backoff, Sleeper sleeper)
            throws Exception {
        return call(() -> breaker.call(dependency), e -> !(e instanceof CircuitBreaker.OpenException), attempts, backoff, sleeper);
    }

    /**
     * Up to {@code attempts} tries while the error is retryable. One that is not (a denied or missing resource) is thrown
     * at once: waiting would not change it.
     */
    public static <T> T call(Callable<T> dependency, Predicate<Exception> retryable, int attempts, Backoff backoff, Sleeper sleeper)
            throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return dependency.call();
            } catch (Exception e) {
                if (attempt == attempts - 1 || !retryable.test(e)) {
                    throw e;
                }
                sleeper.sleep(backoff.delay(attempt));
            }
        }
    }

    public static void sleep(Duration delay) throws InterruptedException {
        Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    }
}
