package dev.lamb.local.cloud.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.CloudResponse;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * One StartLiveTail session, written as AWS writes it: an {@code initial-response} event, a
 * {@code sessionStart} event, then a {@code sessionUpdate} each second with the events that arrived
 * since the last one (at most 500, {@code sampled} when more matched), until the client goes away or
 * the session times out with a {@code SessionTimeoutException} frame, or a {@code drop} fault cuts it.
 * Each frame is flushed as written.
 */
public final class LiveTailSession {
    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    static final int MAX_EVENTS_PER_UPDATE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a session polls each second: the matching events past a cursor, and the cursor to use next. */
    interface Source {
        long cursor();

        Batch since(long cursor);
    }

    record Batch(List<Map<String, Object>> results, long next) {}

    private final Source source;
    private final Map<String, Object> start;
    private final Duration interval;
    private final Duration maxDuration;
    private final Duration dropAfter;

    /** {@code dropAfter}, when not null, is a fault: the connection is cut that long after the session starts. */
    LiveTailSession(Source source, Map<String, Object> start, Duration interval, Duration maxDuration, Duration dropAfter) {
        this.source = source;
        this.start = start;
        this.interval = interval;
        this.maxDuration = maxDuration;
        this.dropAfter = dropAfter;
    }

    /**
     * Writes the session to the response body until the client disconnects (an IOException on write),
     * the thread is interrupted, or the session's time is up.
     */
    public void stream(OutputStream out) throws IOException {
        long cursor = source.cursor();
        write(out, event("initial-response", Map.of()));
        write(out, event("sessionStart", start));
        long started = System.nanoTime();
        long deadline = started + maxDuration.toNanos();
        try {
            while (true) {
                if (dropAfter != null) {
                    long untilDrop = started + dropAfter.toNanos() - System.nanoTime();
                    if (untilDrop <= interval.toNanos()) {
                        Thread.sleep(Math.max(0, untilDrop / 1_000_000));
                        throw new CloudResponse.Cut("lamb local fault: Live Tail session dropped after " + dropAfter.toMillis() + " ms");
                    }
                }
                Thread.sleep(interval.toMillis());
                if (System.nanoTime() - deadline >= 0) {
                    write(out, exception("SessionTimeoutException", "Session timed out after "
                            + maxDuration.toSeconds() + " seconds."));
                    return;
                }
                Batch batch = source.since(cursor);
                cursor = batch.next();
                List<Map<String, Object>> results = batch.results();
                boolean sampled = results.size() > MAX_EVENTS_PER_UPDATE;
                if (sampled) {
                    results = results.subList(results.size() - MAX_EVENTS_PER_UPDATE, results.size());
                }
                Map<String, Object> update = new LinkedHashMap<>();
                update.put("sessionMetadata", Map.of("sampled", sampled));
                update.put("sessionResults", results);
                write(out, event("sessionUpdate", update));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Message event(String type, Object payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("event"));
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        return new Message(headers, json(payload));
    }

    static Message exception(String type, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("exception"));
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        return new Message(headers, json(Map.of("message", message)));
    }

    private static byte[] json(Object payload) {
        try {
            return JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, Message message) throws IOException {
        message.encode(out);
        out.flush();
    }
}
