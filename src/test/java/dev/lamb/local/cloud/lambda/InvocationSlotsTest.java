package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.InvocationLimits;

/** The local cloud's concurrency limits, with Lambda's throttling reasons (ThrottleReason in botocore's model). */
@Timeout(10)
class InvocationSlotsTest {
    private final InvocationSlots slots = new InvocationSlots(new InvocationLimits(2, 3, 1, Duration.ofMillis(200)));

    private String reasonOfThrottled(String function, Integer reserved) {
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> slots.take(function, reserved));
        assertEquals(429, e.status());
        assertEquals("TooManyRequestsException", e.code());
        return e.fields().get("Reason");
    }

    @Test
    void pastTheFunctionsLimitOneWaitsBrieflyAndTheNextIsThrottledAtOnce() throws Exception {
        slots.take("f", null);
        slots.take("f", null);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> reasonOfThrottled("f", null));
        Thread.sleep(50);
        long started = System.nanoTime();
        assertEquals(InvocationSlots.CONCURRENT_LIMIT, reasonOfThrottled("f", null), "the queue of one is full");
        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(100), "throttled without waiting");
        assertEquals(InvocationSlots.CONCURRENT_LIMIT, waiting.get(), "the queued one waited its 200 ms in vain");
    }

    @Test
    void aQueuedInvocationRunsWhenAnInstanceFrees() throws Exception {
        InvocationSlots.Slot first = slots.take("f", null);
        slots.take("f", null);
        CompletableFuture<InvocationSlots.Slot> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return slots.take("f", null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        first.close();
        waiting.get(1, TimeUnit.SECONDS).close();
    }

    @Test
    void theAccountLimitHoldsAcrossFunctions() throws Exception {
        slots.take("a", null);
        slots.take("a", null);
        slots.take("b", null);
        assertEquals(InvocationSlots.CONCURRENT_LIMIT, reasonOfThrottled("c", null));
    }

    @Test
    void reservedConcurrencyIsTheFunctionsOwnLimit() throws Exception {
        assertEquals(InvocationSlots.RESERVED_LIMIT, reasonOfThrottled("r", 0), "zero reserved: always throttled");
        slots.take("a", null);
        slots.take("a", null);
        slots.take("b", null);
        slots.take("r", 1);
        assertEquals(InvocationSlots.RESERVED_LIMIT, reasonOfThrottled("r", 1), "the account is full, the reservation not");
    }
}
