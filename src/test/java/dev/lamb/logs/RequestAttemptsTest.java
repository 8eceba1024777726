package dev.lamb.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * `lamb logs --request-id`: a retried Event invocation's attempts share its request id (the Lambda developer guide,
 * "How Lambda handles errors and retries with asynchronous invocation"), each in the START, END and REPORT lines of its
 * attempt; the lines between START and REPORT in a stream are that request's.
 */
class RequestAttemptsTest {
    private static final String ID = "0f9c2f1e-1111-4222-8333-944445555666";
    private static final String OTHER = "7a1b2c3d-aaaa-4bbb-8ccc-9ddddeeeefff";

    private static LogEvent line(String stream, String message) {
        return new LogEvent("f", "/aws/lambda/f", stream, 0, null, message + "\n", null);
    }

    /** Two attempts in one stream, another request between them in a second stream, and a retry in a third. */
    private static final List<LogEvent> LOG = List.of(
            line("a", "INIT_START Runtime Version: python:3.13.v1"),
            line("a", "START RequestId: " + ID + " Version: 1"),
            line("a", "boom 1"),
            line("a", "END RequestId: " + ID),
            line("a", "REPORT RequestId: " + ID + "\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t"
                    + "Max Memory Used: 30 MB\tStatus: error\tError Type: Runtime.Unknown"),
            line("b", "START RequestId: " + OTHER + " Version: 1"),
            line("b", "{\"level\":\"INFO\",\"requestId\":\"" + OTHER + "\"}"),
            line("b", "other's line"),
            line("b", "END RequestId: " + OTHER),
            line("b", "REPORT RequestId: " + OTHER + "\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t"
                    + "Max Memory Used: 30 MB"),
            line("c", "START RequestId: " + ID + " Version: 1"),
            line("c", "{\"level\":\"INFO\",\"requestId\":\"" + ID + "\"}"),
            line("c", "fine 2"),
            line("c", "END RequestId: " + ID));

    private static List<String> shown(RequestAttempts attempts) {
        return LOG.stream().map(attempts::apply).flatMap(Optional::stream).map(e -> e.message().strip()).toList();
    }

    @Test
    void aRequestIdKeepsItsAttemptsEachNumbered() {
        assertEquals(List.of(
                "START RequestId: " + ID + " Version: 1 (attempt 1)", "boom 1", "END RequestId: " + ID,
                LOG.get(4).message().strip(),
                "START RequestId: " + ID + " Version: 1 (attempt 2)", "{\"level\":\"INFO\",\"requestId\":\"" + ID + "\"}", "fine 2",
                "END RequestId: " + ID), shown(new RequestAttempts(ID, true)));
    }

    @Test
    void withoutOneEveryLinePassesAndOnlyRetriesAreMarked() {
        List<String> all = shown(new RequestAttempts(null, true));
        assertEquals(LOG.size(), all.size());
        assertEquals("START RequestId: " + ID + " Version: 1", all.get(1));
        assertEquals("START RequestId: " + ID + " Version: 1 (attempt 2)", all.get(10));
    }

    @Test
    void jsonOutputIsLeftAsLambdaWroteIt() {
        assertEquals("START RequestId: " + ID + " Version: 1", shown(new RequestAttempts(ID, false)).get(0));
    }
}
