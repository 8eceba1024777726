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

import dev.lamb.local.cloud.apigateway.ApiRequest;

/**
 * The metrics the local cloud records for API Gateway's requests. Expected dimension sets from the API Gateway
 * developer guide ("Amazon API Gateway dimensions and metrics"; the console's "By Api Name" and "By Stage" panels):
 * each metric under ApiName alone and under ApiName and Stage (method-level ones need detailed metrics, which the
 * local cloud does not serve).
 */
class MetricRecorderTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:30Z");

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
