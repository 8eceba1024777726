package dev.lamb.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

class SinceTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void windowsBackToNowInTheSharedGrammar() {
        assertEquals(Duration.ofSeconds(90), Since.parse("--since", "90s", NOW, ZoneOffset.UTC));
        assertEquals(Duration.ofMinutes(90), Since.parse("--since", "1h30m", NOW, ZoneOffset.UTC));
        assertEquals(Duration.ofDays(7), Since.parse("--since", "1w", NOW, ZoneOffset.UTC));
        assertEquals(Duration.ofDays(30), Since.parse("--since", "30d", NOW, ZoneOffset.UTC));
        assertEquals(Duration.ofHours(2), Since.parse("--since", "2026-03-10T10:00", NOW, ZoneOffset.UTC));
        assertEquals(Duration.ofHours(3), Since.parse("--since", "2026-03-10T10:00:00+01:00", NOW, ZoneOffset.UTC));
    }

    /** X-Ray keeps traces 30 days (X-Ray developer guide, "Data retention"); a window must also be in the past. */
    @Test
    void badWindowsAreUsageErrors() {
        for (String bad : new String[] {"", "1", "1y", "-1h", "0m", "now", "31d", "5w", "2026-01-01", "2026-03-11T00:00Z",
                "99999999999999999999h"}) {
            LambException e = assertThrows(LambException.class, () -> Since.parse("--since", bad, NOW, ZoneOffset.UTC), bad);
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
        }
        assertEquals("--since 31d: X-Ray keeps traces for 30 days, so give at most 30d",
                assertThrows(LambException.class, () -> Since.parse("--since", "31d", NOW, ZoneOffset.UTC)).getMessage());
    }
}
