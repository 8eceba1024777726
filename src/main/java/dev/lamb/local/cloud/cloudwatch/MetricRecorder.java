package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the metrics AWS's own services publish, into a region's store, stamped with when each thing happened, at
 * 1-minute resolution: Lambda's under AWS/Lambda for each of the dimension sets AWS documents (FunctionName;
 * FunctionName and Resource; FunctionName and ExecutedVersion), API Gateway's under AWS/ApiGateway by ApiName and Stage.
 */
public final class MetricRecorder {
    static final String LAMBDA = "AWS/Lambda";
    static final String API_GATEWAY = "AWS/ApiGateway";
    private final MetricStore store;

    MetricRecorder(MetricStore store) {
        this.store = store;
    }

    /**
     * One figure of a function: under FunctionName; under FunctionName and Resource when it was invoked by a qualifier
     * (Resource {@code fn:qualifier}); under FunctionName and ExecutedVersion when a published version ran.
     *
     * @param qualifier the alias or version it was invoked by, or null (unqualified, or $LATEST)
     * @param executedVersion the version that ran, or null when not known ($LATEST has no such metric)
     */
    public void lambda(String metric, String function, String qualifier, String executedVersion, Instant at, double value, String unit) {
        Datapoint d = Datapoint.of(at.truncatedTo(ChronoUnit.MILLIS), value, unit);
        store.put(Metric.of(LAMBDA, metric, Map.of("FunctionName", function)), d);
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            store.put(Metric.of(LAMBDA, metric, Map.of("FunctionName", function, "Resource", function + ":" + qualifier)), d);
        }
        if (executedVersion != null && !executedVersion.equals("$LATEST")) {
            store.put(Metric.of(LAMBDA, metric, Map.of("FunctionName", function, "ExecutedVersion", executedVersion)), d);
        }
    }

    /** One figure of an API stage's request, under ApiName and Stage. */
    public void apiGateway(String metric, String apiName, String stage, Instant at, double value, String unit) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("ApiName", apiName);
        dimensions.put("Stage", stage);
        store.put(Metric.of(API_GATEWAY, metric, dimensions), Datapoint.of(at, value, unit));
    }
}
