package dev.lamb.traces;

import java.time.Instant;
import java.util.List;

/**
 * One trace through the function, as lamb traces shows it: when it started, how long it took end to end,
 * whether the invocation was a cold start (an Initialization or Restore subsegment), and the Lambda
 * phases from the function segment's subsegments. A phase the trace does not hold is null.
 *
 * @param time       the trace's start, ISO-8601 in UTC
 * @param status     ok, error, fault, throttled or in progress
 * @param httpStatus the Lambda service segment's response status, if it has one
 * @param errors     the exceptions recorded in the trace, as "Type: message"
 */
public record TraceSummary(String id, String time, double durationMs, boolean cold, Double initMs, Double invocationMs,
        Double overheadMs, Integer httpStatus, String status, List<String> errors) {
    public static final String OK = "ok";

    /** The start as an instant, for sorting and windows; not a record component, so not in the JSON. */
    public Instant startInstant() {
        return Instant.parse(time);
    }

    /** An error, a fault or a throttle. */
    public boolean failed() {
        return status.equals("error") || status.equals("fault") || status.equals("throttled");
    }
}
