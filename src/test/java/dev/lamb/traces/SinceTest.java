package dev.lamb.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

class SinceTest {
    @Test
    void spans() {
        assertEquals(Duration.ofSeconds(90), Since.parse("--since", "90s"));
        assertEquals(Duration.ofMinutes(10), Since.parse("--since", "10m"));
        assertEquals(Duration.ofMinutes(90), Since.parse("--since", "1h30m"));
        assertEquals(Duration.ofDays(30), Since.parse("--since", "30d"));
    }

    @Test
    void badSpansAreUsageErrors() {
        for (String bad : new String[] {"", "1", "h", "1y", "-1h", "0m", "31d", "99999999999999999999h"}) {
            LambException e = assertThrows(LambException.class, () -> Since.parse("--since", bad), bad);
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
        }
    }
}
