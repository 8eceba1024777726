package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * The metric store's retention and GetMetricData's metric math, against a fixed clock. Expected values from the
 * CloudWatch API reference (GetMetricStatistics' retention and rounding of StartTime) and the CloudWatch user guide's
 * metric math syntax (FILL, METRICS, SUM across an array).
 */
class MetricQueriesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Metric ERRORS = Metric.of("App", "Errors", Map.of("Fn", "a"));
    private static final Metric CALLS = Metric.of("App", "Calls", Map.of("Fn", "a"));

    private final MetricStore store = new MetricStore(Clock.fixed(NOW, ZoneOffset.UTC));
    private final MetricQueries queries = new MetricQueries(store);

    private void put(Metric metric, Instant at, double value) {
        store.put(metric, Datapoint.of(at, value, "Count"));
    }

    private static MetricDataQuery stat(String id, Metric metric, String stat, boolean returned) {
        return new MetricDataQuery(id, new MetricStat(metric, 60, Statistic.parse(stat, "Stat"), null), null, null, returned, null);
    }

    private static MetricDataQuery math(String id, String expression) {
        return new MetricDataQuery(id, null, expression, null, true, null);
    }

    private List<MetricDataResult> run(MetricDataQuery... asked) {
        return queries.run(List.of(asked), NOW.minusSeconds(240), NOW);
    }

    @Test
    void retentionServesCoarserPeriodsAsDataAges() {
        assertTrue(MetricStore.servedAt(Duration.ofHours(2), 1));
        assertFalse(MetricStore.servedAt(Duration.ofHours(4), 10));
        assertTrue(MetricStore.servedAt(Duration.ofDays(14), 60));
        assertFalse(MetricStore.servedAt(Duration.ofDays(20), 60));
        assertTrue(MetricStore.servedAt(Duration.ofDays(20), 300));
        assertFalse(MetricStore.servedAt(Duration.ofDays(70), 300));
        assertTrue(MetricStore.servedAt(Duration.ofDays(70), 3600));
        assertFalse(MetricStore.servedAt(Duration.ofDays(456), 3600));
        // StartTime rounds down: to the minute within 15 days, to 5 minutes within 63, to the hour beyond.
        assertEquals(Instant.parse("2026-06-01T11:58:00Z"), store.roundStart(Instant.parse("2026-06-01T11:58:31Z"), 60));
        assertEquals(Instant.parse("2026-05-10T11:55:00Z"), store.roundStart(Instant.parse("2026-05-10T11:58:31Z"), 300));
        assertEquals(Instant.parse("2026-03-01T11:00:00Z"), store.roundStart(Instant.parse("2026-03-01T11:58:31Z"), 3600));
    }

    @Test
    void fillRepeatsOrFillsOnlyWithinTheWindow() {
        put(ERRORS, NOW.minusSeconds(170), 2);
        put(CALLS, NOW.minusSeconds(230), 10);
        put(CALLS, NOW.minusSeconds(110), 20);
        List<MetricDataResult> results = run(stat("e", ERRORS, "Sum", false), stat("c", CALLS, "Sum", false),
                math("zero", "FILL(e, 0)"), math("repeat", "FILL(e, REPEAT)"), math("rate", "100 * FILL(e, 0) / c"));
        assertEquals(List.of(0.0, 2.0, 0.0, 0.0), results.get(0).values());
        // REPEAT carries the last value forward; the minute before the first value stays empty.
        assertEquals(List.of(NOW.minusSeconds(180), NOW.minusSeconds(120), NOW.minusSeconds(60)), results.get(1).timestamps());
        assertEquals(List.of(2.0, 2.0, 2.0), results.get(1).values());
        // Series meet where both have a value: the calls' two minutes.
        assertEquals(List.of(0.0, 0.0), results.get(2).values());
        assertEquals(List.of(NOW.minusSeconds(240), NOW.minusSeconds(120)), results.get(2).timestamps());
    }

    @Test
    void arraysAggregatePerTimestampAndSeriesToScalars() {
        put(ERRORS, NOW.minusSeconds(170), 2);
        put(CALLS, NOW.minusSeconds(170), 10);
        put(CALLS, NOW.minusSeconds(50), 30);
        List<MetricDataResult> results = run(stat("errors", ERRORS, "Sum", false), stat("calls", CALLS, "Sum", false),
                math("all", "SUM(METRICS())"), math("only", "METRICS(\"call\") * 2"), math("avg", "AVG(calls) + 0 * calls"),
                math("none", "errors / 0"), math("byLabel", "METRICS(\"Calls\")"), math("listed", "SUM([errors, calls])"),
                math("nested", "MAX([METRICS(\"err\"), calls * 2])"));
        assertEquals(List.of(12.0, 30.0), results.get(0).values());
        // METRICS("text") takes the metrics whose query Id contains the text (user guide, metric math functions), not label.
        assertEquals(1, results.stream().filter(r -> r.id().equals("only")).count());
        assertEquals(0, results.stream().filter(r -> r.id().equals("byLabel")).count(), "the label Calls is not an Id");
        assertEquals("Calls", results.get(1).label());
        assertEquals(List.of(20.0, 60.0), results.get(1).values());
        assertEquals(List.of(20.0, 20.0), results.get(2).values());
        assertEquals(List.of(), results.get(3).values(), "a division by zero leaves no value");
        // An array literal, as the user guide's SUM([m1,m2]): per timestamp across its series.
        assertEquals(List.of(12.0, 30.0), results.get(4).values());
        assertEquals(List.of(20.0, 60.0), results.get(5).values());
        assertEquals("InvalidParameterValue", assertThrows(AwsServiceException.class, () -> run(math("e1", "SUM([1, 2])"))).code());
    }

    @Test
    void badExpressionsAreRefusedNamingTheQuery() {
        AwsServiceException unknownId = assertThrows(AwsServiceException.class, () -> run(math("e1", "m9 + 1")));
        assertEquals("InvalidParameterValue", unknownId.code());
        assertTrue(unknownId.getMessage().contains("m9"), unknownId.getMessage());
        assertEquals("InvalidParameterValue", assertThrows(AwsServiceException.class, () -> run(math("e1", "1 +"))).code());
        assertEquals("InvalidParameterValue", assertThrows(AwsServiceException.class, () -> run(math("e1", "e1 * 2"))).code());
        assertEquals("NotImplemented", assertThrows(AwsServiceException.class, () -> run(math("e1", "ANOMALY_DETECTION_BAND(e1)"))).code());
        put(CALLS, NOW.minusSeconds(30), 1);
        MetricDataQuery fine = new MetricDataQuery("c", new MetricStat(CALLS, 1, Statistic.parse("Sum", "Stat"), null), null, null,
                false, null);
        assertEquals("InvalidParameterValue", assertThrows(AwsServiceException.class,
                () -> queries.run(List.of(fine, math("f", "FILL(c, 0)")), NOW.minus(Duration.ofDays(2)), NOW)).code());
    }

    @Test
    void ifComparisonsAndLogicPickValuesPerTimestamp() {
        put(ERRORS, NOW.minusSeconds(170), 2);
        put(CALLS, NOW.minusSeconds(170), 10);
        put(CALLS, NOW.minusSeconds(50), 0.5);
        // The user guide's IF example for an error rate that needs no division by zero, and its operators.
        List<MetricDataResult> results = run(stat("e", ERRORS, "Sum", false), stat("c", CALLS, "Sum", false),
                math("rate", "IF(c > 1, 100 * FILL(e, 0) / c, 0)"), math("low", "IF(c < 1 AND NOT c == 0, c)"),
                math("either", "c >= 10 || c <= 0.5"), math("round", "CEIL(c) + FLOOR(c) + LOG10(c * 0 + 100)"));
        assertEquals(List.of(20.0, 0.0), results.get(0).values(), "10 calls with 2 errors: 20%; then 0.5 calls: 0");
        assertEquals(List.of(0.5), results.get(1).values(), "no otherwise: no value where the condition fails");
        assertEquals(List.of(1.0, 1.0), results.get(2).values());
        assertEquals(List.of(22.0, 3.0), results.get(3).values());
        assertEquals("InvalidParameterValue", assertThrows(AwsServiceException.class, () -> run(math("e1", "IF(1 >, 2)"))).code());
    }

    @Test
    void percentilesNeedEveryValue() {
        Aggregate a = new Aggregate(NOW);
        a.add(Datapoint.values(NOW, new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1}, "None", 60));
        assertEquals(2.0, a.percentile(50));
        assertEquals(4.0, a.percentile(99.9));
        a.add(Datapoint.statisticSet(NOW, 3, 9, 2, 4, "None", 60));
        assertNull(a.percentile(50), "a statistic set of unlike values hides its values");
        // User guide, Percentiles: a statistic set whose Minimum equals its Maximum has percentiles (every value is it).
        Aggregate like = new Aggregate(NOW);
        like.add(Datapoint.values(NOW, new double[] {1}, new double[] {1}, "None", 60));
        like.add(Datapoint.statisticSet(NOW, 4, 20, 5, 5, "None", 60));
        assertEquals(5.0, like.percentile(50), "four 5s and one 1: the median is 5");
        assertEquals(1.0, like.percentile(20));
        Aggregate negative = new Aggregate(NOW);
        negative.add(Datapoint.of(NOW, -1, "None"));
        assertNull(negative.percentile(50), "no percentiles over negative values (API reference)");
    }
}
