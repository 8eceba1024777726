package dev.lamb.local.cloud.lambda;

import java.time.Instant;

/**
 * Something Lambda's queue of asynchronous invocations did with an event, as its CloudWatch metrics count it: received
 * it, ran an attempt of it {@code ageMs} after it was received, dropped it (retries or its age exhausted, or its function
 * gone), or failed to deliver its record to a destination.
 *
 * @param qualifier the alias or version the event was sent to, or null
 */
public record AsyncQueueEvent(Kind kind, String functionName, String qualifier, Instant at, long ageMs) {
    public enum Kind { RECEIVED, ATTEMPTED, DROPPED, DESTINATION_FAILED }
}
