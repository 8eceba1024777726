package dev.lamb.logs;

/**
 * One CloudWatch Logs event as lamb shows it: whose function it is, where it was filed, when, and its
 * message as written (untrusted). {@code eventId} is null for Live Tail events, which carry none.
 */
public record LogEvent(String function, String group, String stream, long timestamp, Long ingestionTime, String message,
        String eventId) {
    public EventKey key() {
        return new EventKey(group, stream, timestamp, message);
    }
}
