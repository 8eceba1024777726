package dev.lamb.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Per-invocation placeholders in a tuning event, for functions that refuse a repeated idempotency key: in every string
 * of the event (keys too), {@code {{uuid}}} becomes a new random UUID, {@code {{seq}}} the invocation's number in the
 * run (1, 2, ...) and {@code {{now}}} the time it is sent (ISO-8601, UTC). An event without "{{" is sent as it is.
 */
public final class EventPlaceholders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "{{";
    private static final String UUID_MARK = "{{uuid}}";

    /** What one invocation's {{seq}} and {{now}} stand for ({{uuid}} is new wherever it appears). */
    public record Values(long seq, Instant now) {}

    private EventPlaceholders() {}

    public static boolean holdsAny(byte[] event) {
        return new String(event, StandardCharsets.UTF_8).contains(MARK);
    }

    /** The event with its placeholders filled in; its JSON otherwise unchanged (a non-JSON event: as text). */
    public static byte[] fill(byte[] event, Values values) {
        if (!holdsAny(event)) {
            return event;
        }
        try {
            JsonNode tree = JSON.readTree(event);
            return JSON.writeValueAsBytes(filled(tree, values));
        } catch (IOException e) {
            return fill(new String(event, StandardCharsets.UTF_8), values).getBytes(StandardCharsets.UTF_8);
        }
    }

    static String fill(String text, Values values) {
        if (!text.contains(MARK)) {
            return text;
        }
        // {{uuid}} is a new UUID each time it appears: two of them in one event are two keys.
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf(UUID_MARK); at >= 0; at = text.indexOf(UUID_MARK, from)) {
            out.append(text, from, at).append(UUID.randomUUID());
            from = at + UUID_MARK.length();
        }
        out.append(text.substring(from));
        return out.toString().replace("{{seq}}", Long.toString(values.seq())).replace("{{now}}", values.now().toString());
    }

    private static JsonNode filled(JsonNode node, Values values) {
        if (node.isTextual()) {
            return TextNode.valueOf(fill(node.asText(), values));
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(item -> out.add(filled(item, values)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.forEach(f -> out.set(fill(f.getKey(), values), filled(f.getValue(), values)));
            return out;
        }
        return node;
    }
}
