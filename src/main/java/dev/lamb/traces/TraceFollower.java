package dev.lamb.traces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Polls X-Ray for new traces and hands each one on once, oldest first, until interrupted. Each poll
 * reaches back {@link #LOOK_BACK} before the previous one, because X-Ray lists a trace some seconds after
 * it starts; the traces already handed on are remembered by id, and a trace still in progress waits for
 * a later poll that finds it complete.
 */
final class TraceFollower {
    static final Duration LOOK_BACK = Duration.ofMinutes(1);
    /** Ids are forgotten once their trace started this long before the window: a Lambda runs 15 minutes at most. */
    private static final Duration REMEMBER = Duration.ofMinutes(16);

    interface Source {
        List<ListedTrace> list(Instant from, Instant to);

        List<TraceSummary> details(List<ListedTrace> traces);
    }

    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Source source;
    private final Clock clock;
    private final Duration interval;
    private final Sleeper sleeper;
    private final Map<String, Instant> seen = new HashMap<>();

    TraceFollower(Source source, Clock clock, Duration interval, Sleeper sleeper) {
        this.source = source;
        this.clock = clock;
        this.interval = interval;
        this.sleeper = sleeper;
    }

    /** Follows from {@code since} on; returns when the thread is interrupted. */
    void run(Instant since, Consumer<TraceSummary> out) {
        Instant from = since;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Instant now = clock.instant();
                poll(from, now, out);
                Instant back = now.minus(LOOK_BACK);
                from = back.isAfter(since) ? back : since;
                Instant forget = from.minus(REMEMBER);
                seen.values().removeIf(start -> start.isBefore(forget));
                sleeper.sleep(interval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void poll(Instant from, Instant to, Consumer<TraceSummary> out) {
        List<ListedTrace> fresh = source.list(from, to).stream()
                .filter(t -> !t.partial() && !seen.containsKey(t.id()))
                .sorted(Comparator.comparing(ListedTrace::start).thenComparing(ListedTrace::id))
                .toList();
        if (fresh.isEmpty()) {
            return;
        }
        for (TraceSummary trace : source.details(fresh)) {
            if (seen.putIfAbsent(trace.id(), trace.startInstant()) == null) {
                out.accept(trace);
            }
        }
    }
}
