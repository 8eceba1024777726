package dev.lamb.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;

/**
 * The events a tuning run sends: one (--event, --payload, --query, tune.event), or a weighted list (--payloads FILE),
 * whose invocations are spread across the events by weight in a fixed order (smooth weighted round robin: over any
 * run of invocations each event's share stays within one of its weight's), started afresh for every size, so that
 * every size measures the same mix. Each invocation's event has its placeholders filled ({@link EventPlaceholders}).
 * A JSON array given as one event stays one event: only --payloads reads a weighted list.
 */
public final class EventMix {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event of the list and its weight. */
    record Weighted(byte[] event, double weight) {}

    /** What a result says of the events sent: how many, and their weights (one event: weight 1). */
    public record Summary(int events, List<Double> weights) {}

    private final List<Weighted> events;
    private final double[] current;
    private long seq;

    private EventMix(List<Weighted> events) {
        this.events = List.copyOf(events);
        this.current = new double[events.size()];
    }

    /** One event for every invocation, as given (a JSON array too). */
    public static EventMix single(byte[] event) {
        return new EventMix(List.of(new Weighted(event, 1)));
    }

    /** --payloads FILE: a JSON list of {"event": ..., "weight": N}; anything else is one line naming what is wrong (exit 2). */
    public static EventMix read(Path file) {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw LambException.usage("--payloads " + file + " cannot be read (" + e.getMessage() + "): give a JSON file");
        }
        return parse(text, "--payloads " + file);
    }

    static EventMix parse(byte[] text, String source) {
        JsonNode list;
        try {
            list = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad(source, "is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad(source, "is not JSON");
        }
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw bad(source, "must be a non-empty JSON list");
        }
        List<Weighted> events = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String which = "entry " + (i + 1);
            if (!entry.isObject() || !entry.has("event")) {
                throw bad(source, which + " has no \"event\"");
            }
            for (Iterator<String> keys = entry.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!key.equals("event") && !key.equals("weight")) {
                    throw bad(source, which + " has \"" + key + "\", which is neither \"event\" nor \"weight\"");
                }
            }
            JsonNode weight = entry.get("weight");
            if (weight == null || !weight.isNumber() || !(weight.asDouble() > 0) || Double.isInfinite(weight.asDouble())) {
                throw bad(source, which + "'s \"weight\" must be a number above 0, not " + (weight == null ? "missing" : weight));
            }
            try {
                events.add(new Weighted(JSON.writeValueAsBytes(entry.get("event")), weight.asDouble()));
            } catch (IOException e) {
                throw bad(source, which + "'s event cannot be written as JSON");
            }
        }
        return new EventMix(events);
    }

    private static LambException bad(String source, String what) {
        return LambException.usage(source + " " + what + ": give a JSON list of {\"event\": ..., \"weight\": N}");
    }

    public int size() {
        return events.size();
    }

    public Summary summary() {
        return new Summary(events.size(), events.stream().map(Weighted::weight).toList());
    }

    /** Starts the order again from the first event (each size sends the same sequence); {{seq}} keeps counting. */
    public synchronized void restart() {
        Arrays.fill(current, 0);
    }

    /** The next invocation's event, its placeholders filled. */
    public synchronized byte[] next() {
        int pick = 0;
        if (events.size() > 1) {
            double total = 0;
            for (int i = 0; i < events.size(); i++) {
                current[i] += events.get(i).weight();
                total += events.get(i).weight();
                if (current[i] > current[pick]) {
                    pick = i;
                }
            }
            current[pick] -= total;
        }
        return EventPlaceholders.fill(events.get(pick).event(), new EventPlaceholders.Values(++seq, Instant.now()));
    }
}
