package dev.lamb.logs;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which events a follow has already printed, so that none is printed twice although they reach it by
 * overlapping roads: polls that re-read a window (same event id), Live Tail sessions that overlap (same
 * key), and the seam where a FilterLogEvents read meets a live session (an event with an id matches one
 * without). The last is a matching of two multisets per key, so that events that really do repeat inside
 * one source are all printed. Entries older than {@link #HORIZON_MS} behind the newest are forgotten.
 */
final class SeenEvents {
    static final long HORIZON_MS = 15 * 60_000L;
    private static final int PRUNE_EVERY = 2_000;

    private final Map<String, Long> ids = new HashMap<>();
    private final Map<EventKey, Boolean> live = new HashMap<>();
    /** Per key: events printed from one road not yet matched by the same event from the other road. */
    private final Map<EventKey, Integer> unmatchedFromIds = new HashMap<>();
    private final Map<EventKey, Integer> unmatchedFromLive = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    private int sincePrune;

    /** True, and remembered, when this event has not been printed yet. */
    synchronized boolean firstTime(LogEvent event) {
        EventKey key = event.key();
        newest = Math.max(newest, event.timestamp());
        if (++sincePrune >= PRUNE_EVERY) {
            prune();
        }
        if (event.eventId() != null) {
            if (ids.putIfAbsent(event.eventId(), event.timestamp()) != null) {
                return false;
            }
            return !take(unmatchedFromLive, key) && add(unmatchedFromIds, key);
        }
        if (live.putIfAbsent(key, Boolean.TRUE) != null) {
            return false;
        }
        return !take(unmatchedFromIds, key) && add(unmatchedFromLive, key);
    }

    private static boolean take(Map<EventKey, Integer> counts, EventKey key) {
        Integer n = counts.get(key);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            counts.remove(key);
        } else {
            counts.put(key, n - 1);
        }
        return true;
    }

    private static boolean add(Map<EventKey, Integer> counts, EventKey key) {
        counts.merge(key, 1, Integer::sum);
        return true;
    }

    private void prune() {
        sincePrune = 0;
        long horizon = newest - HORIZON_MS;
        ids.values().removeIf(ts -> ts < horizon);
        for (Map<EventKey, ?> map : List.<Map<EventKey, ?>>of(live, unmatchedFromIds, unmatchedFromLive)) {
            for (Iterator<EventKey> it = map.keySet().iterator(); it.hasNext();) {
                if (it.next().timestamp() < horizon) {
                    it.remove();
                }
            }
        }
    }
}
