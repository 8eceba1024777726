package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.lamb.LambException;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;

/**
 * The one GetMetricData request of a window. Limits and rules from the CloudWatch API Reference (GetMetricData:
 * at most 500 MetricDataQuery; Id starts with a lower-case letter, then letters, digits and underscores); dimensions
 * from the Lambda Developer Guide ("Types of metrics for Lambda functions": FunctionName, Resource, ExecutedVersion)
 * and the API Gateway Developer Guide (a REST API stage's ApiName and Stage).
 */
class MetricQueriesTest {
    private static final MetricsWindow HOUR = new MetricsWindow(Instant.parse("2026-12-07T09:00:00Z"),
            Instant.parse("2026-12-07T10:00:00Z"), 60);
    private static final MetricsTarget STAGE = new MetricsTarget("shop", "prod", "shop", null);

    private static Map<String, MetricDataQuery> byId(GetMetricDataRequest request) {
        return request.metricDataQueries().stream().collect(Collectors.toMap(MetricDataQuery::id, q -> q));
    }

    private static Map<String, String> dimensions(MetricDataQuery q) {
        return q.metricStat().metric().dimensions().stream().collect(Collectors.toMap(d -> d.name(), d -> d.value()));
    }

    @Test
    void oneRequestCarriesASeriesAndAWholeWindowQueryOfEveryFigure() {
        GetMetricDataRequest request = MetricQueries.of(List.of(STAGE), List.of(List.of()), HOUR).request(null);
        assertEquals(HOUR.from(), request.startTime());
        assertEquals(HOUR.until(), request.endTime());
        assertNull(request.nextToken());
        assertEquals(2 * Measure.values().length, request.metricDataQueries().size());
        Map<String, MetricDataQuery> q = byId(request);
        assertEquals(60, q.get("t0_duration_p99_s").metricStat().period());
        assertEquals(3600, q.get("t0_duration_p99_w").metricStat().period(), "a window's percentile is CloudWatch's, over the window");
        assertEquals("p99", q.get("t0_duration_p99_w").metricStat().stat());
        assertEquals("Sum", q.get("t0_invocations_w").metricStat().stat());
        assertEquals("Maximum", q.get("t0_concurrency_max_w").metricStat().stat());
        for (MetricDataQuery query : request.metricDataQueries()) {
            assertTrue(query.id().matches("[a-z][a-zA-Z0-9_]*"), query.id());
            assertTrue(query.returnData());
        }
    }

    @Test
    void aStageIsReadAtItsAliasButConcurrencyForTheWholeFunction() {
        Map<String, MetricDataQuery> q = byId(MetricQueries.of(List.of(STAGE), List.of(List.of()), HOUR).request(null));
        assertEquals(Map.of("FunctionName", "shop", "Resource", "shop:prod"), dimensions(q.get("t0_invocations_s")));
        assertEquals("AWS/Lambda", q.get("t0_invocations_s").metricStat().metric().namespace());
        assertEquals(Map.of("FunctionName", "shop"), dimensions(q.get("t0_concurrency_max_s")));
        assertEquals(Map.of("ApiName", "shop", "Stage", "prod"), dimensions(q.get("t0_api_count_s")));
        assertEquals("AWS/ApiGateway", q.get("t0_api_count_s").metricStat().metric().namespace());
        assertEquals("4XXError", q.get("t0_api_4xx_w").metricStat().metric().metricName());
        assertEquals("IntegrationLatency", q.get("t0_api_integration_latency_p95_w").metricStat().metric().metricName());
    }

    @Test
    void severalFunctionsShareTheRequestAndAFunctionWithoutApiHasNoApiQueries() {
        List<MetricsTarget> targets = List.of(MetricsTarget.function("a"), MetricsTarget.function("b"));
        MetricQueries queries = MetricQueries.of(targets, List.of(List.of(), List.of()), HOUR);
        Map<String, MetricDataQuery> q = byId(queries.request(null));
        assertEquals(2 * 2 * Measure.lambda().size(), queries.size());
        assertEquals(Map.of("FunctionName", "b"), dimensions(q.get("t1_errors_s")));
        assertTrue(q.keySet().stream().noneMatch(id -> id.contains("api_")));
    }

    @Test
    void versionsAreSplitByExecutedVersion() {
        MetricQueries queries = MetricQueries.of(List.of(STAGE), List.of(List.of("7", "6")), HOUR);
        Map<String, MetricDataQuery> q = byId(queries.request(null));
        // At a stage: the versions that ran through its alias, in the dimension set AWS publishes ExecutedVersion in
        // (FunctionName, Resource, ExecutedVersion: the metric metadata the AWS CDK's LambdaMetrics is generated from).
        assertEquals(Map.of("FunctionName", "shop", "Resource", "shop:prod", "ExecutedVersion", "7"), dimensions(q.get("t0_duration_p95_v7_w")));
        Map<String, MetricDataQuery> whole = byId(MetricQueries.of(List.of(MetricsTarget.function("shop")), List.of(List.of("7")), HOUR)
                .request(null));
        assertEquals(Map.of("FunctionName", "shop", "ExecutedVersion", "7"), dimensions(whole.get("t0_duration_p95_v7_w")));
        assertEquals(new MetricQueries.Key(0, Measure.ERRORS, "6", false), queries.key("t0_errors_v6_s"));
        Set<String> ids = new HashSet<>(q.keySet());
        assertEquals(queries.size(), ids.size(), "ids are unique");
    }

    @Test
    void aPageTokenIsPassedOn() {
        assertEquals("next", MetricQueries.of(List.of(STAGE), List.of(List.of()), HOUR).request("next").nextToken());
    }

    @Test
    void moreThanFiveHundredQueriesAreRefused() {
        List<MetricsTarget> many = Collections.nCopies(18, MetricsTarget.function("f"));
        LambException e = assertThrows(LambException.class,
                () -> MetricQueries.of(many, Collections.nCopies(18, List.of()), HOUR));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
    }
}
