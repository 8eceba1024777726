package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** Retention: CloudWatch User Guide, "Metrics retention" (1-minute data 15 days, 5-minute 63 days, 1-hour 455 days). */
class MetricsWindowTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:07:30Z");

    private static MetricsWindow window(String since, String until, String period) {
        return MetricsWindow.of(since, until, period, NOW, ZoneOffset.UTC);
    }

    private static String usage(String since, String until, String period) {
        LambException e = assertThrows(LambException.class, () -> window(since, until, period));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void anHourIsSixtyOneMinutePeriodsAlignedToWholeMinutes() {
        MetricsWindow w = window("1h", null, "auto");
        assertEquals(60, w.periodSeconds());
        assertEquals(Instant.parse("2026-12-07T09:07:00Z"), w.from());
        assertEquals(Instant.parse("2026-12-07T10:08:00Z"), w.until());
        assertEquals(61, w.points());
        assertEquals(w.points(), w.periodStarts().size());
        assertEquals(Instant.parse("2026-12-07T10:07:00Z"), w.periodStarts().get(60));
    }

    /** A now just after a minute boundary still reads that minute: CI once lost a throttle made 0.3 s before. */
    @Test
    void aNowJustPastAMinuteIncludesThatMinute() {
        Instant now = Instant.parse("2026-12-07T10:08:00.500Z");
        MetricsWindow w = MetricsWindow.of("1h", null, "auto", now, ZoneOffset.UTC);
        assertEquals(Instant.parse("2026-12-07T10:09:00Z"), w.until());
        assertTrue(w.endingAt(now).until().isAfter(now));
    }

    @Test
    void autoKeepsASeriesReadable() {
        assertEquals(60, window("3h", null, "auto").periodSeconds());
        assertEquals(300, window("24h", null, "auto").periodSeconds());
        assertEquals(900, window("3d", null, "auto").periodSeconds());
        assertEquals(3600, window("7d", null, "auto").periodSeconds());
        assertEquals(21600, window("30d", null, "auto").periodSeconds());
        assertEquals(86400, window("400d", null, "auto").periodSeconds());
        for (String since : new String[] {"3h", "24h", "3d", "7d", "30d"}) {
            assertTrue(window(since, null, "auto").points() <= MetricsWindow.MAX_POINTS + 1, since);
        }
    }

    @Test
    void autoRespectsRetentionForAShortWindowLongAgo() {
        assertEquals(300, window("20d", "19d23h", "auto").periodSeconds());
        assertEquals(3600, window("70d", "69d23h", "auto").periodSeconds());
    }

    @Test
    void theWholeWindowIsAMultipleOfTheSeriesPeriod() {
        MetricsWindow w = window("2026-12-01T00:03:00Z", "2026-12-01T05:59:00Z", "300");
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), w.from());
        assertEquals(Instant.parse("2026-12-01T06:00:00Z"), w.until());
        assertEquals(0, w.length().getSeconds() % 300);
    }

    @Test
    void badInputIsOneUsageLine() {
        assertTrue(usage("1h", null, "90").contains("--period 90"));
        assertTrue(usage("1h", null, "fast").contains("give auto, 60, 300 or 3600"));
        assertTrue(usage("16d", null, "60").contains("1-minute data for 15 days"));
        assertTrue(usage("64d", null, "300").contains("5-minute data for 63 days"));
        assertTrue(usage("456d", null, "3600").contains("455 days"));
        assertTrue(usage("456d", null, "auto").contains("455 days"));
        assertTrue(usage("1h", "2h", "auto").contains("--until 2h is not after --since 1h"));
        assertTrue(usage("now", null, "auto").contains("not before now"));
        assertTrue(usage("yesterday", null, "auto").contains("--since yesterday"));
    }

    @Test
    void theRetentionEdgeIsAllowed() {
        assertEquals(60, window("15d", null, "60").periodSeconds());
        assertEquals(300, window("63d", null, "300").periodSeconds());
    }

    @Test
    void aWatchedWindowSlidesKeepingItsLength() {
        MetricsWindow w = window("1h", null, "auto");
        MetricsWindow later = w.endingAt(NOW.plus(Duration.ofMinutes(5)));
        assertEquals(w.from().plus(Duration.ofMinutes(5)), later.from());
        assertEquals(w.length(), later.length());
        assertEquals(w.periodSeconds(), later.periodSeconds());
    }
}
