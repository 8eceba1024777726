package dev.lamb.lambda;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    /**
     * The same result with the paths of the copy an instance ran ({@code ran}) named as the task root it
     * was copied from, in its log and its error: a traceback points at the function's own files, not at
     * the sandbox user's copy.
     */
    public InvocationResult withTaskRoot(Path ran, Path taskRoot) {
        if (ran.equals(taskRoot)) {
            return this;
        }
        String from = ran + "/";
        String to = taskRoot + "/";
        // An error's stackTrace names the files too; a handler's own answer is data, and stays as it is.
        byte[] answer = failed() ? payloadText().replace(from, to).getBytes(StandardCharsets.UTF_8) : payload;
        return new InvocationResult(requestId, answer, functionError,
                logLines.stream().map(line -> line.replace(from, to)).toList(), report, logStream);
    }

    /** The invocation's log as CloudWatch would hold it, one event a line. */
    public String logText() {
        return String.join("\n", logLines) + (logLines.isEmpty() ? "" : "\n");
    }
}
