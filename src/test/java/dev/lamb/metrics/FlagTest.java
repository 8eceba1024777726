package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.lamb.config.AlarmSettings;

/** The thresholds issue 16 names: p99 above 80% of the timeout, errors over 1%, any throttle, 80% of reserved, 90% of memory. */
class FlagTest {
    private static List<String> rules(Figures f, Deployed d, ReportFigures r) {
        return Flag.of(f, d, r).stream().map(Flag::rule).toList();
    }

    @Test
    void eachRuleFiresJustAboveItsThresholdAndNotAtIt() {
        Deployed d = new Deployed("1", 1, 128, 10);
        assertEquals(List.of(), rules(MetricsSamples.figures(100, 1, 0, 800.0, 7.0), d, null));
        assertEquals(List.of("p99_of_timeout"), rules(MetricsSamples.figures(100, 0, 0, 800.5, null), d, null));
        assertEquals(List.of("error_rate"), rules(MetricsSamples.figures(1000, 11, 0, 10.0, null), d, null));
        assertEquals(List.of("throttles"), rules(MetricsSamples.figures(10, 0, 1, 10.0, null), d, null));
        assertEquals(List.of("concurrency_of_reserved"), rules(MetricsSamples.figures(10, 0, 0, 10.0, 8.0), d, null));
        ReportFigures full = ReportFigures.of(List.of(MetricsSamples.report("a", 5, 116, null)), false);
        ReportFigures ninety = ReportFigures.of(List.of(MetricsSamples.report("a", 5, 115, null)), false);
        assertEquals(List.of("memory_of_size"), rules(MetricsSamples.figures(1, 0, 0, 5.0, null), d, full));
        assertEquals(List.of(), rules(MetricsSamples.figures(1, 0, 0, 5.0, null), d, ninety));
    }

    @Test
    void noReservationOrNoTrafficRaisesNothing() {
        assertEquals(List.of(), rules(MetricsSamples.figures(0, 0, 0, null, null), new Deployed("1", 3, 128, null), null));
        assertEquals(List.of(), rules(MetricsSamples.figures(5, 0, 0, 10.0, 900.0), new Deployed("1", 3, 128, null), null));
    }

    @Test
    void messagesSayTheFigureAndTheLimit() {
        Flag flag = Flag.of(MetricsSamples.figures(200, 3, 0, 2900.0, null), new Deployed("1", 3, 128, null), null).get(0);
        assertTrue(flag.message().contains("2900 ms") && flag.message().contains("3 s timeout"), flag.message());
        Flag errors = Flag.of(MetricsSamples.figures(200, 3, 0, 10.0, null), null, null).get(0);
        assertEquals("errors are 1.50% of invocations (3 of 200), over 1%", errors.message());
    }

    /** Issue 16 §1 and §2: the flags are at the thresholds of the stage's [alarms], one rule for both, defaults where off. */
    @Test
    void theFlagsFollowTheProjectsAlarmThresholds() {
        AlarmSettings looser = new AlarmSettings(true, OptionalDouble.of(5), OptionalInt.of(3), OptionalDouble.of(0.9),
                OptionalDouble.empty(), "");
        Deployed d = new Deployed("1", 1, 128, 10);
        Figures busy = MetricsSamples.figures(1000, 40, 2, 850.0, 8.0);
        assertEquals(List.of("p99_of_timeout", "error_rate", "throttles", "concurrency_of_reserved"),
                Flag.of(busy, d, null).stream().map(Flag::rule).toList(), "at the defaults");
        List<Flag> flags = Flag.of(busy, d, null, looser);
        assertEquals(List.of("concurrency_of_reserved"), flags.stream().map(Flag::rule).toList(),
                "4% errors under 5%, 2 throttles under 3, 850 ms under 90% of 1 s; the rule that is off keeps its default");
        assertEquals("concurrency reached 8, within 80% of the reserved 10", flags.get(0).message());
        Flag errors = Flag.of(MetricsSamples.figures(100, 6, 0, 10.0, null), null, null, looser).get(0);
        assertEquals("errors are 6.00% of invocations (6 of 100), over 5%", errors.message());
    }

    @Test
    void errorRateAndThroughputComeFromTheWindowsSums() {
        Figures f = MetricsSamples.figures(90, 9, 0, null, null);
        assertEquals(10.0, f.errorRatePercent());
        assertEquals(0.5, f.throughputPerSecond());
        assertNull(MetricsSamples.figures(0, 0, 0, null, null).errorRatePercent());
    }
}
