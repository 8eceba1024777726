package dev.lamb.traces;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads X-Ray segment documents (the JSON strings BatchGetTraces returns) into lamb's records. Lambda's
 * function segment ({@code origin AWS::Lambda::Function}) holds the phases as subsegments: Initialization
 * on a cold start (Restore under SnapStart), Invocation, and Overhead.
 */
final class TraceDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FUNCTION_ORIGIN = "AWS::Lambda::Function";

    private TraceDocuments() {}

    /** The trace's row: the listing's figures, and the phases from the function's segment. */
    static TraceSummary summary(String function, ListedTrace listed, List<String> documents) {
        List<JsonNode> docs = parse(documents);
        JsonNode fn = functionSegment(function, docs);
        JsonNode init = fn == null ? null : subsegment(fn, "Initialization");
        if (init == null && fn != null) {
            init = subsegment(fn, "Restore");
        }
        Set<String> errors = new LinkedHashSet<>();
        docs.forEach(doc -> collectErrors(doc, errors));
        return new TraceSummary(listed.id(), listed.start().toString(), round(listed.durationSeconds() * 1000), init != null,
                millis(init), fn == null ? null : millis(subsegment(fn, "Invocation")),
                fn == null ? null : millis(subsegment(fn, "Overhead")), listed.httpStatus(), listed.status(),
                List.copyOf(errors));
    }

    /** The segments of one trace, nested by parent id, times as offsets from the trace's earliest start. */
    static TraceTree tree(String traceId, List<String> documents) {
        List<JsonNode> docs = parse(documents);
        double start = docs.stream().mapToDouble(d -> d.path("start_time").asDouble()).min().orElse(0);
        double end = docs.stream().filter(d -> d.has("end_time")).mapToDouble(d -> d.path("end_time").asDouble())
                .max().orElse(start);
        Map<String, List<JsonNode>> byParent = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        docs.forEach(doc -> collectIds(doc, ids));
        List<JsonNode> roots = new ArrayList<>();
        for (JsonNode doc : docs) {
            String parent = doc.path("parent_id").asText("");
            if (!parent.isEmpty() && ids.contains(parent)) {
                byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(doc);
            } else {
                roots.add(doc);
            }
        }
        return new TraceTree(traceId, Instant.ofEpochMilli(Math.round(start * 1000)).toString(), round((end - start) * 1000),
                nodes(roots, byParent, start));
    }

    private static List<TraceTree.Node> nodes(List<JsonNode> docs, Map<String, List<JsonNode>> byParent, double traceStart) {
        List<TraceTree.Node> out = new ArrayList<>();
        docs.stream().sorted(Comparator.comparingDouble(d -> d.path("start_time").asDouble())).forEach(doc -> {
            List<JsonNode> children = new ArrayList<>();
            doc.path("subsegments").forEach(children::add);
            children.addAll(byParent.getOrDefault(doc.path("id").asText(), List.of()));
            Set<String> errors = new LinkedHashSet<>();
            exceptions(doc, errors);
            JsonNode status = doc.path("http").path("response").path("status");
            out.add(new TraceTree.Node(doc.path("name").asText(), doc.hasNonNull("origin") ? doc.get("origin").asText() : null,
                    round((doc.path("start_time").asDouble() - traceStart) * 1000), millis(doc), status(doc),
                    status.isNumber() ? status.asInt() : null, List.copyOf(errors), nodes(children, byParent, traceStart)));
        });
        return out;
    }

    private static List<JsonNode> parse(List<String> documents) {
        List<JsonNode> out = new ArrayList<>();
        for (String text : documents) {
            try {
                JsonNode doc = JSON.readTree(text);
                if (doc != null && doc.isObject()) {
                    out.add(doc);
                }
            } catch (IOException e) {
                // a document X-Ray could not give whole: the rest of the trace still tells its story
            }
        }
        return out;
    }

    /** The earliest function segment of the function, else the earliest of any function. */
    private static JsonNode functionSegment(String function, List<JsonNode> docs) {
        Comparator<JsonNode> byStart = Comparator.comparingDouble(d -> d.path("start_time").asDouble());
        List<JsonNode> functions = docs.stream().filter(d -> FUNCTION_ORIGIN.equals(d.path("origin").asText())).toList();
        return functions.stream().filter(d -> d.path("name").asText().equals(function)).min(byStart)
                .orElseGet(() -> functions.stream().min(byStart).orElse(null));
    }

    private static JsonNode subsegment(JsonNode segment, String name) {
        for (JsonNode sub : segment.path("subsegments")) {
            if (name.equals(sub.path("name").asText())) {
                return sub;
            }
        }
        return null;
    }

    private static Double millis(JsonNode segment) {
        if (segment == null || !segment.path("end_time").isNumber() || segment.path("in_progress").asBoolean(false)) {
            return null;
        }
        return round((segment.get("end_time").asDouble() - segment.path("start_time").asDouble()) * 1000);
    }

    private static String status(JsonNode doc) {
        return doc.path("fault").asBoolean(false) ? "fault" : doc.path("error").asBoolean(false) ? "error"
                : doc.path("throttle").asBoolean(false) ? "throttled"
                : doc.path("in_progress").asBoolean(false) ? "in progress" : TraceSummary.OK;
    }

    private static void collectIds(JsonNode doc, Set<String> ids) {
        ids.add(doc.path("id").asText());
        doc.path("subsegments").forEach(sub -> collectIds(sub, ids));
    }

    private static void collectErrors(JsonNode doc, Set<String> errors) {
        exceptions(doc, errors);
        doc.path("subsegments").forEach(sub -> collectErrors(sub, errors));
    }

    /** A segment's own exceptions; a cause given as the id of an exception elsewhere adds nothing new. */
    private static void exceptions(JsonNode doc, Set<String> errors) {
        for (JsonNode e : doc.path("cause").path("exceptions")) {
            String type = e.path("type").asText("");
            String message = e.path("message").asText("");
            String text = type.isEmpty() ? message : message.isEmpty() ? type : type + ": " + message;
            if (!text.isEmpty()) {
                errors.add(text);
            }
        }
    }

    /** Milliseconds to the microsecond, X-Ray's own precision. */
    static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
