package dev.lamb.local.cloud.lambda;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.InvocationLimits;

/**
 * The concurrent executions the local cloud allows, counted per function and in all. A synchronous
 * invocation past the limits waits in a short queue, then is throttled with Lambda's 429: it never
 * waits so long that a client gives up and sends it again while it still runs.
 */
final class InvocationSlots {
    static final String RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded";
    static final String CONCURRENT_LIMIT = "ConcurrentInvocationLimitExceeded";

    /** A slot taken for one invocation; closing it lets the next one run. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final InvocationLimits limits;
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, Integer> waiting = new HashMap<>();
    private int total;

    InvocationSlots(InvocationLimits limits) {
        this.limits = limits;
    }

    InvocationLimits limits() {
        return limits;
    }

    /**
     * A slot for one synchronous invocation of the function, whose reserved concurrency, when set, is its
     * limit; throttled (429) when none frees up within the queue's wait.
     */
    synchronized Slot take(String function, Integer reserved) throws InterruptedException {
        int limit = reserved != null ? reserved : limits.perFunction();
        if (limit == 0 || waiting.getOrDefault(function, 0) >= limits.queue()) {
            throw throttled(reserved, function, limit);
        }
        waiting.merge(function, 1, Integer::sum);
        try {
            long deadline = System.nanoTime() + limits.queueWait().toNanos();
            while (!free(function, reserved, limit)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw throttled(reserved, function, limit);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } finally {
            waiting.merge(function, -1, Integer::sum);
        }
        return taken(function);
    }

    /**
     * A slot for an asynchronous invocation if one is free now: Lambda keeps such an event in its queue until the
     * function has room, and so does the local cloud's queue, which asks again later.
     */
    synchronized Optional<Slot> tryTake(String function, Integer reserved) {
        int limit = reserved != null ? reserved : limits.perFunction();
        return free(function, reserved, limit) ? Optional.of(taken(function)) : Optional.empty();
    }

    /** The function's invocations running now. */
    synchronized int running(String function) {
        return running.getOrDefault(function, 0);
    }

    private Slot taken(String function) {
        running.merge(function, 1, Integer::sum);
        total++;
        return () -> release(function);
    }

    /** A function with reserved concurrency has its reservation to itself; the others share the account's. */
    private boolean free(String function, Integer reserved, int limit) {
        return running.getOrDefault(function, 0) < limit && (reserved != null || total < limits.account());
    }

    private synchronized void release(String function) {
        running.merge(function, -1, Integer::sum);
        total--;
        notifyAll();
    }

    private AwsServiceException throttled(Integer reserved, String function, int limit) {
        boolean ownLimit = running.getOrDefault(function, 0) >= limit;
        return new AwsServiceException(429, "TooManyRequestsException", "Rate Exceeded.")
                .with("Reason", reserved != null && ownLimit ? RESERVED_LIMIT : CONCURRENT_LIMIT);
    }
}
