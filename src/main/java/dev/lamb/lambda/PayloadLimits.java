package dev.lamb.lambda;

/**
 * Lambda's limits on an invocation's payload, from its quotas page: what an event file may hold, what the
 * local cloud accepts before answering 413, and the bound for other control-plane requests.
 */
public final class PayloadLimits {
    /** A synchronous (RequestResponse) invocation's request and response: 6 MB. */
    public static final int SYNC_BYTES = 6_291_456;
    /** An asynchronous (Event) invocation's request: 1 MB. */
    public static final int ASYNC_BYTES = 1_048_576;

    private PayloadLimits() {}
}
