package dev.lamb.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.RepeatedTest;

/**
 * The one backoff keeps the shape both copies had: the n-th wait is jittered in [half, all] of
 * base x 2^n, capped; Retries' 250 ms to 8 s and the logs reader's 1 s to 20 s are two settings of it.
 */
class BackoffTest {
    @RepeatedTest(20)
    void waitsDoubleWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(250, 8000);
        long[] ceilings = {250, 500, 1000, 2000, 4000, 8000, 8000, 8000};
        for (long ceiling : ceilings) {
            long wait = backoff.next();
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, wait + " outside [" + ceiling / 2 + ", " + ceiling + "]");
        }
        assertEquals(ceilings.length, backoff.failures());
        backoff.reset();
        assertTrue(backoff.next() <= 250, "a reset starts again from the base");
    }
}
