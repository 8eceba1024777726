package dev.lamb.local.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one invocation gave back: the payload (the handler's result, or Lambda's error JSON), whether it
 * was a function error and of which type, the log lines it wrote, its REPORT numbers, and the log
 * stream of the instance that ran it (one stream per instance, as Lambda names them).
 */
public record InvocationResult(String requestId, byte[] payload, String functionError, List<String> logLines,
        ReportLine report, String logStream) {

    public boolean failed() {
        return functionError != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The invocation's log as CloudWatch would hold it, one event a line. */
    public String logText() {
        return String.join("\n", logLines) + (logLines.isEmpty() ? "" : "\n");
    }
}
