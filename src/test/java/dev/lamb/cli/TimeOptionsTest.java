package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;

/**
 * Issue 13 §3: `lamb logs --since 1h30m`, `lamb traces --since 1w` and `lamb traces --since 2026-01-01T10:00`
 * exited 2. They must get past parsing: here they go on to an endpoint where nothing listens (never real AWS),
 * so they fail later (1 or 3), but not as a usage error about --since.
 */
class TimeOptionsTest {
    private static String nowhere() {
        return "http://127.0.0.1:" + Ports.free();
    }

    private static void parsed(Lamb.Run run) {
        assertNotEquals(2, run.exitCode(), run.err());
        assertFalse(run.err().contains("--since") || run.err().contains("--until"), run.err());
    }

    @Test
    void logsTakesASpanOfSeveralParts() {
        parsed(Lamb.run("logs", "--function", "fn", "--since", "1h30m", "--until", "now",
                "--region", "us-east-1", "--endpoint-url", nowhere()));
    }

    @Test
    void tracesTakesWeeksAndLocalDatesAndTimes(@TempDir Path tmp) {
        Path project = tmp.resolve("traced");
        assertEquals(0, Lamb.run("init", "traced", "--yes", "--dir", project.toString()).exitCode());
        parsed(Lamb.run("traces", "--dir", project.toString(), "--since", "1w",
                "--region", "us-east-1", "--endpoint-url", nowhere()));
        String yesterday = LocalDate.now().minusDays(1) + "T10:00";
        parsed(Lamb.run("traces", "--dir", project.toString(), "--since", yesterday,
                "--region", "us-east-1", "--endpoint-url", nowhere()));
    }

    @Test
    void aBadTimeIsOneUsageLineNamingIt() {
        Lamb.Run run = Lamb.run("logs", "--function", "fn", "--since", "yesterday", "--endpoint-url", nowhere());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("lamb: --since yesterday is not a time: give a span back from now"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        Lamb.Run overflow = Lamb.run("traces", "--since", "9223372036854775807s");
        assertEquals(2, overflow.exitCode(), overflow.err());
        assertEquals(1, overflow.err().lines().count(), overflow.err());
    }
}
