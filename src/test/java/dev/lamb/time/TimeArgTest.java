package dev.lamb.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** Issue 13 §3: one grammar for every time an option takes; the forms are the ones the issue lists. */
class TimeArgTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    /** A zone with an offset, so local forms are seen to be read in it: +01:00 in March. */
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @Test
    void everyFormReadsAsTheInstantItNames() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("now", "2026-03-10T12:00:00Z");
        table.put("NOW", "2026-03-10T12:00:00Z");
        table.put("90s", "2026-03-10T11:58:30Z");
        table.put("10m", "2026-03-10T11:50:00Z");
        table.put("2h", "2026-03-10T10:00:00Z");
        table.put("1h30m", "2026-03-10T10:30:00Z");
        table.put("2d", "2026-03-08T12:00:00Z");
        table.put("1w", "2026-03-03T12:00:00Z");
        table.put("1w2d3h4m5s", "2026-03-01T08:55:55Z");
        table.put("500ms", "2026-03-10T11:59:59.500Z");
        table.put(" 10m ", "2026-03-10T11:50:00Z");
        table.put("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z");
        table.put("2026-01-01T10:00Z", "2026-01-01T10:00:00Z");
        table.put("2026-01-01T10:00:00+02:00", "2026-01-01T08:00:00Z");
        table.put("2026-01-01T10:00:00.250-05:00", "2026-01-01T15:00:00.250Z");
        table.put("2026-01-01", "2025-12-31T23:00:00Z");
        table.put("2026-01-01T10:00", "2026-01-01T09:00:00Z");
        table.put("2026-01-01T10:00:30", "2026-01-01T09:00:30Z");
        table.put("2026-01-01 10:00", "2026-01-01T09:00:00Z");
        table.put("14:05", "2026-03-10T13:05:00Z");
        table.forEach((text, expected) ->
                assertEquals(Instant.parse(expected), TimeArg.parse("--since", text, NOW, ZONE), text));
    }

    @Test
    void anythingElseIsOneUsageLineNamingTheValueAndTheForms() {
        for (String bad : new String[] {"", "yesterday", "1", "h", "1y", "-1h", "1h 30m", "10 m", "2026-13-01", "2026-01-01T25:00"}) {
            LambException e = assertThrows(LambException.class, () -> TimeArg.parse("--until", bad, NOW, ZONE), bad);
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
            assertTrue(e.getMessage().startsWith("--until " + bad + " is not a time: give a span back from now (90s, 10m, "
                    + "1h30m, 2d, 1w), an instant (2026-01-01T10:00:00Z"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void timesPastWhatTheApisTakeAreUsageErrorsNotCrashes() {
        for (String far : new String[] {"9223372036854775807s", "99999999999999999999h", "9223372036854775807w",
                "9223372036854775807d1d", "+999999999-01-01T00:00:00Z"}) {
            LambException e = assertThrows(LambException.class, () -> TimeArg.parse("--since", far, NOW, ZONE), far);
            assertEquals(ExitCode.USAGE, e.exitCode(), far);
            assertEquals("--since " + far + " is further from now than any time AWS can take: give a shorter span, "
                    + "such as 30d, or a date", e.getMessage());
        }
    }
}
