package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.lamb.local.cloud.apigateway.ApiRequest;
import dev.lamb.local.cloud.lambda.AsyncQueueEvent;
import dev.lamb.local.cloud.lambda.LambdaInvocation;
import dev.lamb.local.cloud.lambda.LambdaThrottle;

/**
 * Records the metrics AWS's own services publish, into a region's store, stamped with when each thing happened, at
 * 1-minute resolution: Lambda's under AWS/Lambda for each of the dimension sets AWS documents (FunctionName;
 * FunctionName and Resource; FunctionName and ExecutedVersion), API Gateway's under AWS/ApiGateway by ApiName, and by
 * ApiName and Stage.
 */
public final class MetricRecorder {
    static final String LAMBDA = "AWS/Lambda";
    static final String API_GATEWAY = "AWS/ApiGateway";
    private final MetricStore store;

    MetricRecorder(MetricStore store) {
        this.store = store;
    }

    /**
     * A finished invocation's Invocations, Errors (a function error, a timeout included), Duration (the REPORT line's,
     * in milliseconds) and ConcurrentExecutions (the function's invocations running as it started, itself included).
     */
    public void invoked(LambdaInvocation i) {
        String executed = alias(i.qualifier()) ? i.executedVersion() : null;
        lambda("Invocations", i.functionName(), i.qualifier(), executed, i.started(), 1, "Count");
        lambda("Errors", i.functionName(), i.qualifier(), executed, i.started(), i.result().failed() ? 1 : 0, "Count");
        if (i.result().report() != null) {
            lambda("Duration", i.functionName(), i.qualifier(), executed, i.started(), i.result().report().durationMs(), "Milliseconds");
        }
        lambda("ConcurrentExecutions", i.functionName(), i.qualifier(), executed, i.started(), i.concurrentExecutions(), "Count");
        if (i.provisioned() != null) {
            provisioned(i, executed);
        }
    }

    /**
     * An invocation through an alias or version with provisioned concurrency: ProvisionedConcurrencyInvocations when a
     * provisioned instance served it, ProvisionedConcurrencySpilloverInvocations when an on-demand one did, and
     * ProvisionedConcurrentExecutions (provisioned instances in use, read with Maximum) and ProvisionedConcurrencyUtilization
     * (those over the instances allocated, a fraction, read with Maximum), as Lambda's "Monitoring concurrency" page says.
     */
    private void provisioned(LambdaInvocation i, String executed) {
        LambdaInvocation.ProvisionedUse use = i.provisioned();
        lambda("ProvisionedConcurrencyInvocations", i.functionName(), i.qualifier(), executed, i.started(), use.served() ? 1 : 0, "Count");
        lambda("ProvisionedConcurrencySpilloverInvocations", i.functionName(), i.qualifier(), executed, i.started(),
                use.served() ? 0 : 1, "Count");
        if (use.served()) {
            lambda("ProvisionedConcurrentExecutions", i.functionName(), i.qualifier(), executed, i.started(), use.inUse(), "Count");
        }
        if (use.allocated() > 0) {
            lambda("ProvisionedConcurrencyUtilization", i.functionName(), i.qualifier(), executed, i.started(),
                    (double) use.inUse() / use.allocated(), "None");
        }
    }

    /** A throttled invocation: Throttles, which counts no Invocation. */
    public void throttled(LambdaThrottle t) {
        lambda("Throttles", t.functionName(), t.qualifier(), null, t.at(), 1, "Count");
    }

    /**
     * What the queue of asynchronous invocations did with an event: AsyncEventsReceived, AsyncEventAge (at each attempt,
     * since the event was received), AsyncEventsDropped, DestinationDeliveryFailures.
     */
    public void asyncEvent(AsyncQueueEvent e) {
        switch (e.kind()) {
            case RECEIVED -> lambda("AsyncEventsReceived", e.functionName(), e.qualifier(), null, e.at(), 1, "Count");
            case ATTEMPTED -> lambda("AsyncEventAge", e.functionName(), e.qualifier(), null, e.at(), e.ageMs(), "Milliseconds");
            case DROPPED -> lambda("AsyncEventsDropped", e.functionName(), e.qualifier(), null, e.at(), 1, "Count");
            case DESTINATION_FAILED -> lambda("DestinationDeliveryFailures", e.functionName(), e.qualifier(), null, e.at(), 1, "Count");
        }
    }

    /** An alias, not a version: ExecutedVersion is recorded for invocations through an alias only, as AWS documents. */
    private static boolean alias(String qualifier) {
        return qualifier != null && !qualifier.equals("$LATEST") && !qualifier.chars().allMatch(Character::isDigit);
    }

    /**
     * One figure of a function: with no dimension (the region's functions together, the console's "Across All
     * Functions"); under FunctionName; under FunctionName and Resource when it was invoked by a qualifier
     * (Resource {@code fn:qualifier}); under FunctionName and ExecutedVersion, and under those and Resource, when a
     * published version ran through an alias.
     *
     * @param qualifier the alias or version it was invoked by, or null (unqualified, or $LATEST)
     * @param executedVersion the version that ran through an alias, or null
     */
    private void lambda(String metric, String function, String qualifier, String executedVersion, Instant at, double value, String unit) {
        Datapoint d = Datapoint.of(at.truncatedTo(ChronoUnit.MILLIS), value, unit);
        store.put(Metric.of(LAMBDA, metric, Map.of()), d);
        store.put(Metric.of(LAMBDA, metric, Map.of("FunctionName", function)), d);
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            store.put(Metric.of(LAMBDA, metric, Map.of("FunctionName", function, "Resource", function + ":" + qualifier)), d);
        }
        if (executedVersion != null) {
            store.put(Metric.of(LAMBDA, metric, Map.of("FunctionName", function, "ExecutedVersion", executedVersion)), d);
            // The set AWS's own metric metadata has for ExecutedVersion: with the alias it ran through.
            store.put(Metric.of(LAMBDA, metric, Map.of("FunctionName", function, "Resource", function + ":" + qualifier,
                    "ExecutedVersion", executedVersion)), d);
        }
    }

    /** A data-plane request's Count, 4XXError, 5XXError, Latency and IntegrationLatency (when its integration ran). */
    public void apiRequest(ApiRequest r) {
        apiGateway("Count", r.apiName(), r.stage(), r.started(), 1, "Count");
        apiGateway("4XXError", r.apiName(), r.stage(), r.started(), r.status() >= 400 && r.status() < 500 ? 1 : 0, "Count");
        apiGateway("5XXError", r.apiName(), r.stage(), r.started(), r.status() >= 500 ? 1 : 0, "Count");
        apiGateway("Latency", r.apiName(), r.stage(), r.started(), r.latencyMs(), "Milliseconds");
        if (r.integrationLatencyMs() != null) {
            apiGateway("IntegrationLatency", r.apiName(), r.stage(), r.started(), r.integrationLatencyMs(), "Milliseconds");
        }
    }

    /** One figure of a request, under ApiName and under ApiName and Stage (the console's "By Api Name" and "By Stage"). */
    private void apiGateway(String metric, String apiName, String stage, Instant at, double value, String unit) {
        Datapoint d = Datapoint.of(at, value, unit);
        store.put(Metric.of(API_GATEWAY, metric, Map.of("ApiName", apiName)), d);
        store.put(Metric.of(API_GATEWAY, metric, Map.of("ApiName", apiName, "Stage", stage)), d);
    }
}
