package dev.lamb.logs;

import java.util.function.Consumer;

/**
 * Follows a group by polling FilterLogEvents every second, for when Live Tail is refused or --poll asks
 * for it. Each poll re-reads an overlap window before the previous poll's start, so that events ingested
 * late with older timestamps (another stream, another instance) are still found; event ids keep them from
 * printing twice. It never stops on its own while the group is quiet; throttling is ridden out by
 * {@link Calls}. Ends when stopped, or with the SDK's ResourceNotFoundException when the group goes away.
 */
final class PollingFollower {
    private final Backfill backfill;
    private final StopSignal stop;
    private final LogGroupRef group;
    private final LogQuery query;
    private final Consumer<LogEvent> deliver;
    private final long intervalMillis;
    private final long overlapMillis;

    /** {@code deliver} gets every event read; it is the caller's to drop those already printed. */
    PollingFollower(Backfill backfill, StopSignal stop, LogGroupRef group, LogQuery query, Consumer<LogEvent> deliver,
            long intervalMillis, long overlapMillis) {
        this.backfill = backfill;
        this.stop = stop;
        this.group = group;
        this.query = query;
        this.deliver = deliver;
        this.intervalMillis = intervalMillis;
        this.overlapMillis = overlapMillis;
    }

    void run(long from) {
        long windowFrom = from;
        while (!stop.stopped()) {
            long pollStarted = System.currentTimeMillis();
            backfill.read(group, query, windowFrom, null, deliver);
            // Anchored to the clock, not to the newest event seen: a stream that logs ahead would skip the others.
            windowFrom = Math.max(from, pollStarted - overlapMillis);
            if (stop.await(intervalMillis - (System.currentTimeMillis() - pollStarted))) {
                return;
            }
        }
    }
}
