package dev.lamb.local.cloud.xray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The segment documents of the local X-Ray, grouped by trace, kept in memory and appended to
 * {@code <dataDir>/xray/segments.jsonl}, one compact document a line. A segment sent again with the same
 * id (an in-progress segment completed later) replaces the earlier one, on reload as well. A line cut
 * short by a crash is skipped when the file is read back.
 */
final class TraceStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored segment document: its id and the parsed document. */
    record Segment(String id, ObjectNode document) {
        String documentText() {
            return document.toString();
        }
    }

    private final Path file;
    private final Map<String, Map<String, Segment>> traces = new LinkedHashMap<>();

    TraceStore(Path dataDir) {
        Path dir = dataDir.resolve("xray");
        this.file = dir.resolve("segments.jsonl");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode node = JSON.readTree(line);
                        if (node instanceof ObjectNode doc && doc.hasNonNull("trace_id") && doc.hasNonNull("id")) {
                            index(doc);
                        }
                    } catch (IOException e) {
                        // a line cut short by a crash: the segments before and after it still count
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local X-Ray's traces from " + file, e);
        }
    }

    private void index(ObjectNode doc) {
        traces.computeIfAbsent(doc.get("trace_id").asText(), k -> new LinkedHashMap<>())
                .put(doc.get("id").asText(), new Segment(doc.get("id").asText(), doc));
    }

    /** Stores the documents (already validated) and writes them through. */
    synchronized void add(List<ObjectNode> documents) {
        if (documents.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (ObjectNode doc : documents) {
            index(doc);
            lines.append(doc.toString()).append('\n');
        }
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the local X-Ray's traces to " + file, e);
        }
    }

    synchronized Optional<List<Segment>> trace(String traceId) {
        Map<String, Segment> segments = traces.get(traceId);
        return segments == null ? Optional.empty() : Optional.of(List.copyOf(segments.values()));
    }

    /** Every trace, in the order its first segment arrived. */
    synchronized Map<String, List<Segment>> all() {
        Map<String, List<Segment>> copy = new LinkedHashMap<>();
        traces.forEach((id, segments) -> copy.put(id, new ArrayList<>(segments.values())));
        return copy;
    }
}
