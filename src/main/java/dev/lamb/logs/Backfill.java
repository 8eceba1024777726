package dev.lamb.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * The events of a time window, by FilterLogEvents, every page, oldest first (the service returns them in
 * timestamp order; each page is sorted again so that a service that does not still prints in order).
 * Throws the SDK's ResourceNotFoundException when the group does not exist.
 */
final class Backfill {
    private final CloudWatchLogsClient logs;
    private final Calls calls;

    Backfill(CloudWatchLogsClient logs, Calls calls) {
        this.logs = logs;
        this.calls = calls;
    }

    /** Reads events of {@code group} with timestamps in [from, to] (to null: no end) and hands each to {@code each}. */
    void read(LogGroupRef group, LogQuery query, long from, Long to, Consumer<LogEvent> each) {
        String token = null;
        do {
            FilterLogEventsRequest.Builder request = FilterLogEventsRequest.builder().logGroupName(group.name())
                    .startTime(from).nextToken(token);
            if (to != null) {
                request.endTime(to);
            }
            if (query.filter() != null) {
                request.filterPattern(query.filter());
            }
            if (query.streamPrefix() != null) {
                request.logStreamNamePrefix(query.streamPrefix());
            }
            var page = calls.call(() -> logs.filterLogEvents(request.build()));
            List<FilteredLogEvent> events = new ArrayList<>(page.events());
            events.sort(Comparator.comparing(FilteredLogEvent::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (FilteredLogEvent e : events) {
                each.accept(new LogEvent(group.function(), group.name(), e.logStreamName(),
                        e.timestamp() == null ? 0 : e.timestamp(), e.ingestionTime(), e.message(), e.eventId()));
            }
            String next = page.nextToken();
            token = next == null || next.isEmpty() || next.equals(token) ? null : next;
        } while (token != null);
    }
}
