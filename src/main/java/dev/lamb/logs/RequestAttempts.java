package dev.lamb.logs;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Which invocation each log line belongs to, and which attempt of it: Lambda retries a failed Event invocation with
 * the same request id, so its attempts are the START lines that repeat an id. An environment runs one invocation at
 * a time, so a line belongs to the request its stream last STARTed, until that request's REPORT; a JSON line
 * (log_format JSON) names its request itself.
 *
 * <p>With a request id ({@code lamb logs --request-id}), only that request's lines pass, and each of its START lines
 * is marked "(attempt N)"; without, every line passes and the START lines of retries are marked (attempt 2 on).
 * Marks are for people: JSON output is left as Lambda wrote it.
 */
public final class RequestAttempts {
    private static final Pattern PLATFORM = Pattern.compile("^(START|END|REPORT) RequestId: ([0-9a-fA-F-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String only;
    private final boolean mark;
    private final Map<String, String> streamRequest = new HashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();

    /** {@code only}: the request id to keep, or null for all; {@code mark}: whether START lines get their attempt. */
    public RequestAttempts(String only, boolean mark) {
        this.only = only;
        this.mark = mark;
    }

    /** The event as it is to be shown, or empty when it belongs to another request than the one asked for. */
    public synchronized Optional<LogEvent> apply(LogEvent event) {
        String message = event.message() == null ? "" : event.message();
        String stream = event.group() + "\u0000" + event.stream();
        Matcher platform = PLATFORM.matcher(message);
        String request;
        int attempt = 0;
        if (platform.find()) {
            request = platform.group(2);
            switch (platform.group(1)) {
                case "START" -> {
                    streamRequest.put(stream, request);
                    attempt = starts.merge(request, 1, Integer::sum);
                }
                case "REPORT" -> streamRequest.remove(stream);
                default -> { }
            }
        } else {
            request = jsonRequestId(message).orElse(streamRequest.get(stream));
        }
        if (only != null && !only.equals(request)) {
            return Optional.empty();
        }
        if (mark && attempt > 0 && (only != null || attempt > 1)) {
            String text = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
            return Optional.of(new LogEvent(event.function(), event.group(), event.stream(), event.timestamp(), event.ingestionTime(),
                    text + " (attempt " + attempt + ")", event.eventId()));
        }
        return Optional.of(event);
    }

    /** A JSON line's own request id: the runtime's "requestId", or a platform event's record.requestId. */
    private static Optional<String> jsonRequestId(String message) {
        String s = message.strip();
        if (!s.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(s);
            String id = node.path("requestId").asText(node.path("record").path("requestId").asText(""));
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
