package dev.lamb.traces;

import java.time.Instant;

/** What GetTraceSummaries says of a trace, before its segments are read. */
record ListedTrace(String id, Instant start, double durationSeconds, Integer httpStatus, boolean fault, boolean error,
        boolean throttle, boolean partial) {
    String status() {
        return fault ? "fault" : error ? "error" : throttle ? "throttled" : partial ? "in progress" : TraceSummary.OK;
    }
}
