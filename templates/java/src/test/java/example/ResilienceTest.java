package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class ResilienceTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(2);

    @Test
    void everyBackoffDelayIsWithinZeroAndTheCappedExponential() {
        Random seeded = new Random(7);
        for (DoubleSupplier random : List.<DoubleSupplier>of(() -> 0.0, () -> 0.999999, seeded::nextDouble)) {
            Backoff backoff = new Backoff(BASE, CAP, random);
            for (int n = 0; n < 70; n++) {
                double bound = Math.min(CAP.toNanos(), BASE.toNanos() * Math.pow(2, n));
                long delay = backoff.delay(n).toNanos();
                assertTrue(delay >= 0 && delay <= bound, "attempt " + n + ": " + delay + " ns");
            }
        }
    }

    @Test
    void theCeilingDoublesUntilTheCap() {
        Backoff backoff = new Backoff(BASE, CAP, () -> 1.0);
        assertEquals(Duration.ofMillis(100), backoff.delay(0));
        assertEquals(Duration.ofMillis(800), backoff.delay(3));
        assertEquals(CAP, backoff.delay(10));
    }

    @Test
    void theBreakerOpensThenHalfOpensAfterItsCoolDownThenClosesOnSuccess() throws Exception {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), now::get);
        for (int i = 0; i < 3; i++) {
            assertThrows(IOException.class, () -> breaker.call(ResilienceTest::down));
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        AtomicBoolean called = new AtomicBoolean();
        assertThrows(CircuitBreaker.OpenException.class, () -> breaker.call(() -> called.getAndSet(true)));
        assertFalse(called.get(), "an open breaker does not call the dependency");

        now.set(30_000);
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertEquals("ok", breaker.call(() -> "ok"));
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aFailedHalfOpenTrialOpensTheBreakerAgain() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(10), now::get);
        assertThrows(IOException.class, () -> breaker.call(ResilienceTest::down));
        now.set(10_000);
        assertThrows(IOException.class, () -> breaker.call(ResilienceTest::down));
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    @Test
    void aDependencyFailingTwiceAnswersOnTheThirdTry() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        List<Duration> sleeps = new ArrayList<>();
        String result = Retry.call(() -> {
            if (tries.incrementAndGet() < 3) {
                throw new IOException("slow");
            }
            return "answer";
        }, new CircuitBreaker(5, Duration.ofSeconds(30)), 3, new Backoff(BASE, CAP, () -> 0.5), sleeps::add);
        assertEquals("answer", result);
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), sleeps);
    }

    private static String down() throws IOException {
        throw new IOException("dependency down");
    }
}
