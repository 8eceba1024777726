package dev.lamb.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.Help.Ansi;

/** The text of lamb traces, and the summary's counts and percentiles. */
class TracesViewTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    static TraceSummary trace(String id, double durationMs, Double initMs, String status, String... errors) {
        return new TraceSummary(id, "2024-05-01T12:00:00.250Z", durationMs, initMs != null, initMs, durationMs / 2, 1.5,
                200, status, List.of(errors));
    }

    @Test
    void percentilesAreTheMedianAndTheNearestRankP95() {
        List<TraceSummary> traces = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            traces.add(trace("t" + i, i * 10, i <= 4 ? i * 100.0 : null, "ok"));
        }
        TracesStats s = TracesStats.of(traces);
        assertEquals(20, s.traces());
        assertEquals(4, s.cold());
        assertEquals(16, s.warm());
        assertEquals(105.0, s.durationP50Ms());
        assertEquals(190.0, s.durationP95Ms(), "nearest rank: the 19th of 20");
        assertEquals(250.0, s.initP50Ms(), "init over the cold starts only");
        assertEquals(400.0, s.initP95Ms());
    }

    @Test
    void noColdStartsAndNoTraces() {
        TracesStats warm = TracesStats.of(List.of(trace("a", 5, null, "ok"), trace("b", 7, null, "fault", "ValueError: no")));
        assertNull(warm.initP50Ms());
        assertNull(warm.initP95Ms());
        assertEquals(1, warm.faults());
        assertEquals(1, warm.failed());
        assertEquals("2 traces: 0 cold, 2 warm, 1 failed; duration p50 6.0 ms, p95 7.0 ms; init: no cold starts",
                TracesView.summaryLine(warm));
        TracesStats none = TracesStats.of(List.of());
        assertEquals(0, none.traces());
        assertNull(none.durationP50Ms());
        assertEquals("no traces", TracesView.summaryLine(none));
    }

    @Test
    void rowsAlignUnderTheHeader() {
        String header = TracesView.header();
        String cold = TracesView.row(trace("1-aaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbb", 1234.56, 1100.04, "ok"), UTC, Ansi.OFF);
        String failed = TracesView.row(trace("1-aaaaaaaa-cccccccccccccccccccccccc", 3, null, "fault", "ValueError: bad"),
                UTC, Ansi.OFF);
        assertEquals("TIME                   DURATION  START        INIT   INVOCATION     OVERHEAD  STATUS      TRACE", header);
        assertEquals("05-01 12:00:00.250    1234.6 ms  cold    1100.0 ms     617.3 ms       1.5 ms  200 ok      "
                + "1-aaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbb", cold);
        assertEquals("05-01 12:00:00.250       3.0 ms  warm            -       1.5 ms       1.5 ms  200 fault   "
                + "1-aaaaaaaa-cccccccccccccccccccccccc  ValueError: bad", failed);
        assertEquals(header.indexOf("TRACE"), cold.indexOf("1-aaaa"));
    }

    @Test
    void colourOnlyWhenAsked() {
        String painted = TracesView.row(trace("1-aaaaaaaa-cccccccccccccccccccccccc", 3, 2.0, "fault", "E: x"), UTC, Ansi.ON);
        assertTrue(painted.contains("\u001b["), painted);
        String plain = TracesView.row(trace("1-aaaaaaaa-cccccccccccccccccccccccc", 3, 2.0, "fault", "E: x"), UTC, Ansi.OFF);
        assertFalse(plain.contains("\u001b"), plain);
        assertEquals(plain, painted.replaceAll("\u001b\\[[0-9;]*m", ""));
    }

    @Test
    void errorTextCannotDriveTheTerminal() {
        String row = TracesView.row(trace("1-aaaaaaaa-cccccccccccccccccccccccc", 3, null, "error",
                "Boom: \u001b]0;pwned\u0007 \u001b[2J"), UTC, Ansi.OFF);
        assertFalse(row.contains("\u001b") || row.contains("\u0007"), row);
        assertTrue(row.endsWith("Boom: \\u001b]0;pwned\\u0007 \\u001b[2J"), row);
    }

    @Test
    void aReportWithNoTracesSaysSo() {
        TracesReport empty = new TracesReport("fn", "10m", "a", "b", 0, List.of(), TracesStats.of(List.of()));
        assertEquals("no traces of fn in the last 10m (X-Ray shows a trace a few seconds after its invocation)\n",
                TracesView.render(empty, UTC, Ansi.OFF));
    }

    @Test
    void millisecondsAreShownToATenth() {
        assertEquals("0.1 ms", TracesView.ms(0.05));
        assertEquals("1234.5 ms", TracesView.ms(1234.5));
        assertEquals("-", TracesView.ms(null));
    }

    @Test
    void tracingOffSaysWhatToChange() {
        assertEquals("X-Ray tracing is off for fn (PassThrough): set tracing = true under [function] in lamb.toml, "
                + "then run 'lamb deploy'", TracingOff.of("fn", "PassThrough", false).hint());
        assertEquals("X-Ray tracing is off for fn (PassThrough) though lamb.toml has tracing = true: run 'lamb deploy' "
                + "to turn it on", TracingOff.of("fn", "PassThrough", true).hint());
    }
}
