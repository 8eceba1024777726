package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.cloud.apigateway.ApiRequest;
import dev.lamb.local.cloud.lambda.LambdaInvocation;

/**
 * The dimension sets the local cloud records AWS's own metrics under. API Gateway's, from its developer guide ("Amazon
 * API Gateway dimensions and metrics"; the console's "By Api Name" and "By Stage" panels): each metric under ApiName
 * alone and under ApiName and Stage (method-level ones need detailed metrics, which the local cloud does not serve).
 * Lambda's: issue 16's three sets, FunctionName, Resource and ExecutedVersion together, and none (all functions), the
 * sets AWS's published metric metadata has (as the AWS CDK's generated LambdaMetrics lists them).
 */
class MetricRecorderTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:30Z");

    @Test
    void anAliasInvocationCountsUnderEachSetOfLambdasDimensions() {
        MetricStore store = new MetricStore(Clock.fixed(NOW, ZoneOffset.UTC));
        InvocationResult result = new InvocationResult("r1", new byte[0], null, List.of(), null, "stream");
        new MetricRecorder(store).invoked(new LambdaInvocation("fn", "arn:aws:lambda:us-east-1:000000000000:function:fn:live", "3",
                "/aws/lambda/fn", false, NOW, result, "live", 1, null));
        Set<Map<String, String>> dimensions = store.metricsPutSince(Instant.EPOCH).stream().filter(m -> m.name().equals("Invocations"))
                .map(Metric::dimensions).collect(Collectors.toSet());
        assertEquals(Set.of(Map.of(), Map.of("FunctionName", "fn"), Map.of("FunctionName", "fn", "Resource", "fn:live"),
                Map.of("FunctionName", "fn", "ExecutedVersion", "3"),
                Map.of("FunctionName", "fn", "Resource", "fn:live", "ExecutedVersion", "3")), dimensions);
    }

    @Test
    void anApiRequestCountsByApiNameAndByApiNameAndStage() {
        MetricStore store = new MetricStore(Clock.fixed(NOW, ZoneOffset.UTC));
        new MetricRecorder(store).apiRequest(new ApiRequest("shop", "prod", NOW, 502, 40.0, 12.0));
        Set<Map<String, String>> dimensions = store.metricsPutSince(Instant.EPOCH).stream().filter(m -> m.name().equals("5XXError"))
                .map(Metric::dimensions).collect(Collectors.toSet());
        assertEquals(Set.of(Map.of("ApiName", "shop"), Map.of("ApiName", "shop", "Stage", "prod")), dimensions);
        assertEquals(List.of("4XXError", "5XXError", "Count", "IntegrationLatency", "Latency"), store.metricsPutSince(Instant.EPOCH).stream()
                .filter(m -> m.dimensions().size() == 1).map(Metric::name).sorted().toList());
    }
}
