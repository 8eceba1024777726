package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cloud's budget for big request bodies: concurrent uploads within their limits cannot exhaust its memory. */
class BodyBudgetTest {
    private static final long MB = 1 << 20;

    @Test
    void bigBodiesShareTheBudgetAndSmallOnesAreNotCounted() throws Exception {
        BodyBudget budget = new BodyBudget(100 * MB);
        BodyBudget.Room first = budget.take(60 * MB, 0).orElseThrow();
        assertFalse(budget.take(60 * MB, 50).isPresent(), "no room for a second 60 MB body");
        assertTrue(budget.take(40 * MB, 0).isPresent(), "room for the rest");
        for (int i = 0; i < 1000; i++) {
            assertTrue(budget.take(MB - 1, 0).isPresent(), "small bodies are not counted");
        }
        first.close();
        assertTrue(budget.take(60 * MB, 0).isPresent(), "room again once the first body is done");
    }

    @Test
    void oneBodyLargerThanTheWholeBudgetWaitsForAllOfIt() throws Exception {
        BodyBudget budget = new BodyBudget(10 * MB);
        BodyBudget.Room huge = budget.take(70 * MB, 0).orElseThrow();
        assertFalse(budget.take(2 * MB, 0).isPresent());
        huge.close();
        assertTrue(budget.take(2 * MB, 0).isPresent());
    }
}
