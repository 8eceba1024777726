package dev.lamb.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class LogFormatterTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final long T = Instant.parse("2024-08-17T10:15:30.123Z").toEpochMilli();
    private static final String STREAM = "2024/08/17/[$LATEST]8852570e018540eba3479f28a019c76e";

    private static LogEvent event(String message) {
        return new LogEvent("fn", "/aws/lambda/fn", STREAM, T, T + 5, message, "123");
    }

    private static String shortLine(String message) {
        return new LogFormatter(LogFormatter.Style.SHORT, false, false, List.of("fn"), UTC).format(event(message)).orElseThrow();
    }

    @Test
    void aLineIsLocalTimeShortStreamAndMessage() {
        assertEquals("10:15:30.123 8852570e hello", shortLine("hello\n"));
        assertEquals("2024-08-17 10:15:30.123 +00:00 " + STREAM + " hello",
                new LogFormatter(LogFormatter.Style.LONG, false, false, List.of("fn"), UTC).format(event("hello\n")).orElseThrow());
        assertEquals("s1", LogFormatter.shortStream("s1"));
    }

    @Test
    void reportLinesAreSummarised() {
        String text = "REPORT RequestId: 3f1e\tDuration: 3.01 ms\tBilled Duration: 114 ms\tMemory Size: 128 MB\t"
                + "Max Memory Used: 36 MB\tInit Duration: 110.10 ms\t\nXRAY TraceId: 1-5e7e8131-7ff0\tSegmentId: 01\tSampled: true\n";
        assertEquals("10:15:30.123 8852570e REPORT 3.01 ms (billed 114 ms), 36 of 128 MB, cold start 110.10 ms", shortLine(text));
        String timeout = "REPORT RequestId: 3f1e\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\t"
                + "Max Memory Used: 40 MB\tStatus: timeout\n";
        assertEquals("10:15:30.123 8852570e REPORT 3000.00 ms (billed 3000 ms), 40 of 128 MB, timeout", shortLine(timeout));
        String json = "{\"time\":\"2024-08-17T10:15:30.123Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r1\","
                + "\"metrics\":{\"durationMs\":3923.569,\"billedDurationMs\":4069,\"memorySizeMB\":256,\"maxMemoryUsedMB\":118,"
                + "\"initDurationMs\":145.399},\"status\":\"success\"}}";
        assertEquals("10:15:30.123 8852570e REPORT 3923.57 ms (billed 4069 ms), 118 of 256 MB, cold start 145.40 ms",
                shortLine(json));
    }

    @Test
    void noReportHidesThePlatformLines() {
        LogFormatter f = new LogFormatter(LogFormatter.Style.SHORT, false, true, List.of("fn"), UTC);
        assertEquals(Optional.empty(), f.format(event("START RequestId: 1 Version: $LATEST\n")));
        assertEquals(Optional.empty(), f.format(event("REPORT RequestId: 1\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
                + "Memory Size: 128 MB\tMax Memory Used: 30 MB\t\n")));
        assertEquals(Optional.empty(), f.format(event("{\"type\":\"platform.start\",\"record\":{\"requestId\":\"1\"}}")));
        assertTrue(f.format(event("hello\n")).isPresent());
    }

    @Test
    void jsonMessagesAreCompactAndPrettyInLongFormat() {
        String message = "{ \"level\": \"INFO\",   \"message\": \"greeted\", \"status\": 200 }\n";
        assertEquals("10:15:30.123 8852570e {\"level\":\"INFO\",\"message\":\"greeted\",\"status\":200}", shortLine(message));
        String pretty = new LogFormatter(LogFormatter.Style.LONG, false, false, List.of("fn"), UTC).format(event(message)).orElseThrow();
        assertTrue(pretty.contains("{\n") && pretty.contains("  \"message\" : \"greeted\""), pretty);
        // continuation lines line up under the message
        String indent = " ".repeat(("2024-08-17 10:15:30.123 +00:00 " + STREAM + " ").length());
        assertTrue(pretty.contains("\n" + indent + "  \"level\""), pretty);
    }

    @Test
    void ndjsonRecordsForPipes() throws Exception {
        LogFormatter f = new LogFormatter(LogFormatter.Style.JSON, true, false, List.of("fn"), UTC);
        String line = f.format(event("REPORT RequestId: r9\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\t"
                + "Max Memory Used: 31 MB\t\n")).orElseThrow();
        assertFalse(line.contains("\n"), line);
        JsonNode node = new ObjectMapper().readTree(line);
        assertEquals("fn", node.get("function").asText());
        assertEquals(STREAM, node.get("log_stream").asText());
        assertEquals("2024-08-17T10:15:30.123Z", node.get("timestamp").asText());
        assertEquals("123", node.get("event_id").asText());
        assertEquals(2.5, node.get("report").get("duration_ms").asDouble());
        assertFalse(node.get("message").asText().endsWith("\n"));
        String hostile = f.format(event("\u001b]0;pwned\u0007")).orElseThrow();
        assertFalse(hostile.contains("\u001b") || hostile.contains("\u0007"), hostile);
        assertTrue(hostile.contains("\\u001B]0;pwned\\u0007"), hostile);
    }

    @Test
    void escapeSequencesAreNeutralised() {
        assertEquals("10:15:30.123 8852570e \\u001b]0;pwned\\u0007", shortLine("\u001b]0;pwned\u0007\n"));
        assertEquals("10:15:30.123 8852570e before \\u001b[2J after", shortLine("before \u001b[2J after"));
        assertEquals("10:15:30.123 8852570e a\\u000dfake \\u202eevil\\u009b", shortLine("a\rfake \u202eevil\u009b"));
        // tabs are harmless and stay; an escape in a JSON message is escaped too
        assertEquals("10:15:30.123 8852570e a\tb", shortLine("a\tb"));
        assertFalse(shortLine("{\"message\":\"\\u001b[2J\"}").contains("\u001b"));
    }

    @Test
    void colourOnlyWhenAskedAndErrorsStandOut() {
        LogFormatter colour = new LogFormatter(LogFormatter.Style.SHORT, true, false, List.of("a", "bb"), UTC);
        String timedOut = colour.format(new LogEvent("bb", "g", "s", T, null, "2024-08-17T10:15:30Z r1 Task timed out after 3.00 seconds", null))
                .orElseThrow();
        assertTrue(timedOut.startsWith("\u001b[35mbb\u001b[0m "), timedOut);
        assertTrue(timedOut.contains("\u001b[1;31m2024-08-17T10:15:30Z r1 Task timed out"), timedOut);
        String error = colour.format(new LogEvent("a", "g", "s", T, null, "[ERROR] ValueError: bad", null)).orElseThrow();
        assertTrue(error.startsWith("\u001b[36ma \u001b[0m") && error.contains("\u001b[31m[ERROR]"), error);
        // a hostile message cannot close the colour early or start its own
        String hostile = colour.format(new LogEvent("a", "g", "s", T, null, "ERROR \u001b[0m\u001b[8mhidden", null)).orElseThrow();
        assertTrue(hostile.contains("\\u001b[0m\\u001b[8mhidden"), hostile);
        assertEquals(8, hostile.split("\u001b\\[", -1).length - 1, "only lamb's own colour codes: " + hostile);
        String plain = new LogFormatter(LogFormatter.Style.SHORT, false, false, List.of("a", "bb"), UTC)
                .format(new LogEvent("a", "g", "s", T, null, "[ERROR] x", null)).orElseThrow();
        assertEquals("a  10:15:30.123 s [ERROR] x", plain);
    }

    @Test
    void seenEventsMatchLiveAndPolledCopiesButKeepRealRepeats() {
        SeenEvents seen = new SeenEvents();
        LogEvent polled = new LogEvent("fn", "g", "s", 1, null, "x", "id1");
        LogEvent samePolledAgain = new LogEvent("fn", "g", "s", 1, null, "x", "id1");
        LogEvent twin = new LogEvent("fn", "g", "s", 1, null, "x", "id2");
        LogEvent live = new LogEvent("fn", "g", "s", 1, null, "x", null);
        assertTrue(seen.firstTime(polled));
        assertFalse(seen.firstTime(samePolledAgain));
        assertTrue(seen.firstTime(twin), "a second event with the same text in the same ms is a real event");
        assertFalse(seen.firstTime(live), "the live copy of a polled event");
        assertFalse(seen.firstTime(live), "the same live event from an overlapping session");
        LogEvent liveFirst = new LogEvent("fn", "g", "s", 2, null, "y", null);
        assertTrue(seen.firstTime(liveFirst));
        assertFalse(seen.firstTime(new LogEvent("fn", "g", "s", 2, null, "y", "id3")), "the polled copy of a live event");
    }
}
