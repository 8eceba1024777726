package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** GetMetricData's answer: a query's points may come on several pages (CloudWatch API Reference, GetMetricData, NextToken). */
class MetricAnswersTest {
    private static final Instant FROM = Instant.parse("2026-12-07T09:00:00Z");
    private static final MetricsWindow WINDOW = new MetricsWindow(FROM, FROM.plusSeconds(300), 60);
    private static final MetricQueries QUERIES = MetricQueries.of(List.of(MetricsTarget.function("f")), List.of(List.of()), WINDOW);

    private static MetricDataResult result(String id, Object... timesAndValues) {
        MetricDataResult.Builder b = MetricDataResult.builder().id(id);
        List<Instant> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < timesAndValues.length; i += 2) {
            times.add(FROM.plusSeconds((Integer) timesAndValues[i]));
            values.add((Double) timesAndValues[i + 1]);
        }
        return b.timestamps(times).values(values).build();
    }

    @Test
    void pagesAddUpAndEmptyPeriodsAreZeroForCountsAndNothingForLatency() {
        MetricAnswers answers = new MetricAnswers(QUERIES);
        answers.add(GetMetricDataResponse.builder().metricDataResults(result("t0_invocations_s", 0, 3.0, 60, 2.0),
                result("t0_duration_p99_s", 0, 40.0)).nextToken("more").build());
        answers.add(GetMetricDataResponse.builder().metricDataResults(result("t0_invocations_s", 240, 5.0),
                result("t0_invocations_w", 0, 10.0)).build());
        assertEquals(Arrays.asList(3.0, 2.0, 0.0, 0.0, 5.0), answers.series(0, Measure.INVOCATIONS, null, WINDOW));
        assertEquals(Arrays.asList(40.0, null, null, null, null), answers.series(0, Measure.DURATION_P99, null, WINDOW));
        assertEquals(10.0, answers.whole(0, Measure.INVOCATIONS, null));
        assertEquals(0.0, answers.whole(0, Measure.ERRORS, null));
        assertNull(answers.whole(0, Measure.DURATION_P50, null));
    }

    @Test
    void aWholeWindowSplitInTwoAddsCountsAndKeepsTheLargerPercentileNeverAnAverage() {
        MetricAnswers answers = new MetricAnswers(QUERIES);
        answers.add(GetMetricDataResponse.builder().metricDataResults(result("t0_errors_w", 0, 2.0, 120, 3.0),
                result("t0_duration_p95_w", 0, 100.0, 120, 300.0)).build());
        assertEquals(5.0, answers.whole(0, Measure.ERRORS, null));
        assertEquals(300.0, answers.whole(0, Measure.DURATION_P95, null));
    }

    @Test
    void aPointStampedInsideAPeriodCountsForThatPeriod() {
        MetricAnswers answers = new MetricAnswers(QUERIES);
        answers.add(GetMetricDataResponse.builder().metricDataResults(result("t0_throttles_s", 61, 1.0, 299, 1.0, 400, 9.0)).build());
        assertEquals(Arrays.asList(0.0, 1.0, 0.0, 0.0, 1.0), answers.series(0, Measure.THROTTLES, null, WINDOW));
    }
}
