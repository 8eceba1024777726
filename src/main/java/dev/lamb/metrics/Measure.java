package dev.lamb.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Each figure lamb metrics reads from CloudWatch: its metric, the statistic that makes sense for it (CloudWatch User
 * Guide, "Types of metrics for Lambda functions": Sum for counts, Maximum for concurrency, pNN for latency), how it
 * is read, and when it is shown. The id is the figure's name in JSON and CSV, and the stem of its query ids.
 */
public enum Measure {
    INVOCATIONS("invocations", Source.LAMBDA, "Invocations", "Sum", Unit.COUNT, Group.CORE, Level.RESOURCE),
    ERRORS("errors", Source.LAMBDA, "Errors", "Sum", Unit.COUNT, Group.CORE, Level.RESOURCE),
    THROTTLES("throttles", Source.LAMBDA, "Throttles", "Sum", Unit.COUNT, Group.CORE, Level.RESOURCE),
    DURATION_P50("duration_p50", Source.LAMBDA, "Duration", "p50", Unit.MS, Group.CORE, Level.RESOURCE),
    DURATION_P95("duration_p95", Source.LAMBDA, "Duration", "p95", Unit.MS, Group.CORE, Level.RESOURCE),
    DURATION_P99("duration_p99", Source.LAMBDA, "Duration", "p99", Unit.MS, Group.CORE, Level.RESOURCE),
    DURATION_MAX("duration_max", Source.LAMBDA, "Duration", "Maximum", Unit.MS, Group.CORE, Level.RESOURCE),
    /** Reserved concurrency is the function's, so its concurrency is read for the whole function, not the stage. */
    CONCURRENCY_MAX("concurrency_max", Source.LAMBDA, "ConcurrentExecutions", "Maximum", Unit.COUNT, Group.CORE, Level.FUNCTION),
    ASYNC_RECEIVED("async_events_received", Source.LAMBDA, "AsyncEventsReceived", "Sum", Unit.COUNT, Group.ASYNC,
            Level.RESOURCE),
    ASYNC_DROPPED("async_events_dropped", Source.LAMBDA, "AsyncEventsDropped", "Sum", Unit.COUNT, Group.ASYNC,
            Level.RESOURCE),
    ASYNC_AGE_MAX("async_event_age_max", Source.LAMBDA, "AsyncEventAge", "Maximum", Unit.MS, Group.ASYNC, Level.RESOURCE),
    DEAD_LETTER_ERRORS("dead_letter_errors", Source.LAMBDA, "DeadLetterErrors", "Sum", Unit.COUNT, Group.ASYNC,
            Level.RESOURCE),
    DESTINATION_FAILURES("destination_delivery_failures", Source.LAMBDA, "DestinationDeliveryFailures", "Sum", Unit.COUNT,
            Group.ASYNC, Level.RESOURCE),
    PROVISIONED_SPILLOVER("provisioned_spillover", Source.LAMBDA, "ProvisionedConcurrencySpilloverInvocations", "Sum",
            Unit.COUNT, Group.PROVISIONED, Level.RESOURCE),
    API_COUNT("api_count", Source.API, "Count", "Sum", Unit.COUNT, Group.API, Level.RESOURCE),
    API_4XX("api_4xx", Source.API, "4XXError", "Sum", Unit.COUNT, Group.API, Level.RESOURCE),
    API_5XX("api_5xx", Source.API, "5XXError", "Sum", Unit.COUNT, Group.API, Level.RESOURCE),
    API_LATENCY_P95("api_latency_p95", Source.API, "Latency", "p95", Unit.MS, Group.API, Level.RESOURCE),
    API_INTEGRATION_LATENCY_P95("api_integration_latency_p95", Source.API, "IntegrationLatency", "p95", Unit.MS, Group.API,
            Level.RESOURCE);

    /** Where a metric lives. */
    public enum Source {
        LAMBDA("AWS/Lambda"), API("AWS/ApiGateway");

        final String namespace;

        Source(String namespace) {
            this.namespace = namespace;
        }
    }

    public enum Unit { COUNT, MS }

    /** When a figure is shown: always, when the function takes async events, when it has provisioned concurrency, with an API. */
    public enum Group { CORE, ASYNC, PROVISIONED, API }

    /** Which dimensions a Lambda metric is read with: the stage's alias (Resource) where there is one, or the function. */
    enum Level { RESOURCE, FUNCTION }

    /** The figures split by ExecutedVersion: Lambda publishes that dimension for invocations, errors and duration. */
    static final List<Measure> BY_VERSION = List.of(INVOCATIONS, ERRORS, DURATION_P50, DURATION_P95, DURATION_P99, DURATION_MAX);

    private final String id;
    private final Source source;
    private final String metric;
    private final String stat;
    private final Unit unit;
    private final Group group;
    private final Level level;

    Measure(String id, Source source, String metric, String stat, Unit unit, Group group, Level level) {
        this.id = id;
        this.source = source;
        this.metric = metric;
        this.stat = stat;
        this.unit = unit;
        this.group = group;
        this.level = level;
    }

    public String id() {
        return id;
    }

    public String metric() {
        return metric;
    }

    public String stat() {
        return stat;
    }

    public Unit unit() {
        return unit;
    }

    public Group group() {
        return group;
    }

    Source source() {
        return source;
    }

    Level level() {
        return level;
    }

    /** A count adds up across periods; a maximum or a percentile does not. */
    public boolean sum() {
        return stat.equals("Sum");
    }

    static List<Measure> lambda() {
        return Arrays.stream(values()).filter(m -> m.source == Source.LAMBDA).toList();
    }

    static List<Measure> api() {
        return Arrays.stream(values()).filter(m -> m.source == Source.API).toList();
    }
}
