package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.DestinationKind;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.cloud.AwsServiceException;

/**
 * Lambda's queue of asynchronous (Event) invocations: each event runs, and when it fails (an error or a
 * timeout) runs again up to its config's MaximumRetryAttempts, a minute after the first attempt and two
 * minutes after the second, as Lambda waits; an event older than its MaximumEventAgeInSeconds is dropped.
 * Each attempt keeps the event's request id, so its START/END/REPORT lines carry it, as on Lambda. The
 * outcome goes to the OnSuccess or OnFailure destination as Lambda's invocation record, when that is a
 * function or (for failures) an S3 bucket. {@value AsyncDelayScale#VARIABLE} scales the delays and the ages, so tests wait seconds, not minutes.
 * An event whose function is at its concurrency limit waits in the queue, holding no thread, so a busy function
 * holds up no other. The queue holds at most {@value #CAPACITY} events; past that, Invoke is throttled.
 */
final class AsyncInvocations implements AutoCloseable {
    static final int CAPACITY = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE_MS = 60_000;
    /** How often an event whose function is at its concurrency limit asks again for an instance. */
    private static final long BUSY_RETRY_MS = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH.mm.ss");
    /** The record's timestamp, to the millisecond as Lambda writes it ("2019-11-14T18:16:05.568Z"). */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Runs one attempt of an event on the function the ref names, with the event's request id; empty when it has no room now. */
    @FunctionalInterface
    interface Runner {
        Optional<Attempt> run(FunctionRef ref, byte[] event, String requestId);
    }

    /** One attempt's outcome: the version that ran, and its result. */
    record Attempt(String executedVersion, InvocationResult result) {}

    /** An event in the queue: where it goes, what it carries, and how many attempts it had. */
    private record Event(FunctionRef ref, String functionArn, byte[] payload, String requestId, long queuedAtMs, int attempts,
            Attempt last) {
        Event next(Attempt attempt) {
            return new Event(ref, functionArn, payload, requestId, queuedAtMs, attempts + 1, attempt);
        }
    }

    private final Runner runner;
    private final EventInvokeConfigs configs;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile double delayScale = 1.0;
    private volatile Consumer<String> notice = line -> {};
    private volatile Consumer<AsyncQueueEvent> events = e -> {};
    private volatile RecordBuckets buckets = RecordBuckets.NONE;

    AsyncInvocations(Runner runner, EventInvokeConfigs configs, int threads) {
        this.runner = runner;
        this.configs = configs;
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "lamb-lambda-event");
            t.setDaemon(true);
            return t;
        });
    }

    /** How fast the queue's clock runs: 1 is Lambda's, 0.01 makes a minute's wait 0.6 s (and an hour's age 36 s). */
    void delayScale(double scale) {
        this.delayScale = scale;
    }

    /** Where lines for the person running the cloud go: records for destinations the local cloud does not serve. */
    void notices(Consumer<String> notice) {
        this.notice = notice;
    }

    /** Where what the queue does with each event is told (CloudWatch's Async* metrics). */
    void events(Consumer<AsyncQueueEvent> listener) {
        this.events = listener;
    }

    private void tell(AsyncQueueEvent.Kind kind, Event event, long ageMs) {
        events.accept(new AsyncQueueEvent(kind, event.ref().name(), event.ref().qualifier(), Instant.now(), ageMs));
    }

    /** Where records for S3 destinations are written. */
    void buckets(RecordBuckets buckets) {
        this.buckets = buckets;
    }

    /**
     * Queues the event for the function the ref names (whose qualified ARN is {@code functionArn}), or throttles it
     * when the queue is full; answers the request id its attempts will carry.
     */
    String submit(FunctionRef ref, String functionArn, byte[] payload) {
        if (queued.incrementAndGet() > CAPACITY) {
            queued.decrementAndGet();
            throw new AwsServiceException(429, "TooManyRequestsException", "Rate Exceeded: the local cloud's queue of "
                    + "asynchronous invocations holds " + CAPACITY + " events; wait for them to run.")
                    .with("Reason", "ConcurrentInvocationLimitExceeded");
        }
        String requestId = UUID.randomUUID().toString();
        Event event = new Event(ref, functionArn, payload, requestId, System.currentTimeMillis(), 0, null);
        tell(AsyncQueueEvent.Kind.RECEIVED, event, 0);
        schedule(event, 0);
        return requestId;
    }

    private void schedule(Event event, long delayMs) {
        executor.schedule(() -> attempt(event), delayMs, TimeUnit.MILLISECONDS);
    }

    private void attempt(Event event) {
        boolean requeued = false;
        try {
            EventInvokeConfig config = configs.effective(event.ref());
            if (tooOld(event, config)) {
                tell(AsyncQueueEvent.Kind.DROPPED, event, 0);
                finish(event, config, false, "EventAgeExceeded");
                return;
            }
            long age = System.currentTimeMillis() - event.queuedAtMs();
            Optional<Attempt> ran = runner.run(event.ref(), event.payload(), event.requestId());
            if (ran.isEmpty()) {
                schedule(event, BUSY_RETRY_MS);
                requeued = true;
                return;
            }
            tell(AsyncQueueEvent.Kind.ATTEMPTED, event, age);
            requeued = settle(event.next(ran.get()), config);
        } catch (RuntimeException e) {
            // The function is gone, or the cloud is stopping: Lambda drops such an event too.
            tell(AsyncQueueEvent.Kind.DROPPED, event, 0);
        } finally {
            if (!requeued) {
                queued.decrementAndGet();
            }
        }
    }

    /** After an attempt: the record for its success, a retry after Lambda's delay, or the record for its last failure. */
    private boolean settle(Event ran, EventInvokeConfig config) {
        Attempt attempt = ran.last();
        if (!attempt.result().failed()) {
            finish(ran, config, true, "Success");
            return false;
        }
        if (ran.attempts() <= config.retryAttempts()) {
            schedule(ran, scaled(ran.attempts() * MINUTE_MS));
            return true;
        }
        tell(AsyncQueueEvent.Kind.DROPPED, ran, 0);
        finish(ran, config, false, "RetriesExhausted");
        return false;
    }

    private boolean tooOld(Event event, EventInvokeConfig config) {
        return System.currentTimeMillis() - event.queuedAtMs() >= scaled(config.eventAgeSeconds() * 1000L);
    }

    private long scaled(long ms) {
        return Math.round(ms * delayScale);
    }

    /** Sends the invocation record to the destination for the outcome, if one is set. */
    private void finish(Event event, EventInvokeConfig config, boolean success, String condition) {
        String destination = success ? config.onSuccess() : config.onFailure();
        if (destination == null) {
            return;
        }
        DestinationKind kind = DestinationKind.ofService(destination.split(":", -1)[2]).orElseThrow();
        switch (kind) {
            case FUNCTION -> invoke(event, destination, condition);
            case BUCKET -> store(event, destination, condition);
            default -> {
                tell(AsyncQueueEvent.Kind.DESTINATION_FAILED, event, 0);
                notice.accept("the " + condition + " record of " + event.requestId() + " (" + event.ref().name() + ") is not "
                        + "delivered: lamb's local cloud delivers records to functions and S3 buckets, not to " + kind.noun()
                        + " (" + destination + ")");
            }
        }
    }

    private void invoke(Event event, String destination, String condition) {
        FunctionRef target = FunctionRef.parse(destination);
        try {
            submit(target, target.qualifier() == null ? destination + ":$LATEST" : destination, record(event, condition));
        } catch (AwsServiceException e) {
            tell(AsyncQueueEvent.Kind.DESTINATION_FAILED, event, 0);
            notice.accept("the " + condition + " record of " + event.requestId() + " is not delivered to " + destination
                    + ": " + e.getMessage());
        }
    }

    /**
     * Writes the record to the bucket under the key the Lambda developer guide gives for S3 destinations:
     * aws/lambda/async/FUNCTION/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-UUID, in UTC.
     */
    private void store(Event event, String destination, String condition) {
        String bucket = destination.substring(destination.lastIndexOf(':') + 1);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String key = "aws/lambda/async/" + event.ref().name() + "/" + now.format(DAY) + "/" + now.format(TIME) + "-" + UUID.randomUUID();
        try {
            buckets.put(bucket, key, record(event, condition));
        } catch (IOException | AwsServiceException e) {
            tell(AsyncQueueEvent.Kind.DESTINATION_FAILED, event, 0);
            notice.accept("the " + condition + " record of " + event.requestId() + " is not delivered to " + destination
                    + ": " + e.getMessage());
        }
    }

    /** Lambda's invocation record, as its destinations receive it. */
    private byte[] record(Event event, String condition) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("requestId", event.requestId());
        context.put("functionArn", event.functionArn());
        context.put("condition", condition);
        context.put("approximateInvokeCount", event.attempts());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("version", "1.0");
        record.put("timestamp", STAMP.format(Instant.now()));
        record.put("requestContext", context);
        record.put("requestPayload", parsed(event.payload()));
        if (event.last() != null) {
            InvocationResult result = event.last().result();
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("statusCode", 200);
            response.put("executedVersion", event.last().executedVersion());
            if (result.failed()) {
                response.put("functionError", "Unhandled");
            }
            record.put("responseContext", response);
            record.put("responsePayload", parsed(result.payload()));
        }
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A payload as JSON, or as text when it is not JSON (a handler may answer anything). */
    private static Object parsed(byte[] payload) {
        try {
            return payload.length == 0 ? null : JSON.readTree(payload);
        } catch (IOException e) {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
