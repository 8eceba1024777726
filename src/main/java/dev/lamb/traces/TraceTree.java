package dev.lamb.traces;

import java.util.List;

/**
 * One trace's segments as a tree: each segment with the segments that name it as parent and its own
 * subsegments beneath it, in order of start.
 *
 * @param time       the trace's start, ISO-8601 in UTC
 * @param durationMs earliest start to last end
 */
public record TraceTree(String traceId, String time, double durationMs, List<Node> segments) {
    /** X-Ray's trace id: version 1, the start in hex epoch seconds, 96 random bits in hex. */
    public static boolean isTraceId(String text) {
        return text.matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
    }

    /**
     * A segment or subsegment.
     *
     * @param origin     the segment's origin, such as AWS::Lambda::Function; null for a subsegment
     * @param startMs    its start, as an offset from the trace's start
     * @param durationMs null while it is in progress
     * @param status     ok, error, fault, throttled or in progress
     */
    public record Node(String name, String origin, double startMs, Double durationMs, String status, Integer httpStatus,
            List<String> errors, List<Node> children) {}
}
