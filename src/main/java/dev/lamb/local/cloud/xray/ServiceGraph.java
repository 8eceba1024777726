package dev.lamb.local.cloud.xray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GetServiceGraph's services, as the X-Ray API reference describes them, from the segments recorded in a
 * window: each service that sent segments is a node (its name and origin), and so is each downstream call
 * (a subsegment of namespace {@code aws} or {@code remote}) that no recorded segment answered; a segment's
 * parent (a segment, or a subsegment of one) gives the edge from the caller's node to it. Each node and
 * edge counts its calls: ok, errors (throttles among them), faults, and their total response time.
 */
final class ServiceGraph {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One call's outcome and timing. */
    private record Call(double start, double end, boolean error, boolean throttle, boolean fault) {
        static Call of(JsonNode doc) {
            double start = doc.path("start_time").asDouble();
            double end = doc.path("end_time").asDouble(start);
            boolean throttle = doc.path("throttle").asBoolean(false);
            return new Call(start, end, doc.path("error").asBoolean(false) || throttle, throttle, doc.path("fault").asBoolean(false));
        }
    }

    /** Calls counted together: a node's, or an edge's. */
    private static final class Stats {
        final List<Call> calls = new ArrayList<>();

        ObjectNode summary() {
            long ok = calls.stream().filter(c -> !c.error() && !c.fault()).count();
            long throttles = calls.stream().filter(Call::throttle).count();
            long errors = calls.stream().filter(c -> c.error() && !c.fault()).count();
            long faults = calls.stream().filter(Call::fault).count();
            ObjectNode s = NODES.objectNode();
            s.put("OkCount", ok);
            s.putObject("ErrorStatistics").put("ThrottleCount", throttles).put("OtherCount", errors - throttles).put("TotalCount", errors);
            s.putObject("FaultStatistics").put("OtherCount", faults).put("TotalCount", faults);
            s.put("TotalCount", calls.size());
            s.put("TotalResponseTime", round(calls.stream().mapToDouble(c -> c.end() - c.start()).sum()));
            return s;
        }

        ArrayNode histogram() {
            Map<Double, Integer> counts = new TreeMap<>();
            calls.forEach(c -> counts.merge(round(c.end() - c.start()), 1, Integer::sum));
            ArrayNode out = NODES.arrayNode();
            counts.forEach((value, count) -> out.addObject().put("Value", value).put("Count", count));
            return out;
        }

        double start() {
            return calls.stream().mapToDouble(Call::start).min().orElse(0);
        }

        double end() {
            return calls.stream().mapToDouble(Call::end).max().orElse(0);
        }
    }

    private static final class Node {
        final int referenceId;
        final String name;
        final String type;
        String accountId;
        boolean root;
        final Stats stats = new Stats();
        final Map<Integer, Stats> edges = new LinkedHashMap<>();

        Node(int referenceId, String name, String type) {
            this.referenceId = referenceId;
            this.name = name;
            this.type = type;
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    /** The graph of the segments of the traces given that overlap [from, to]. */
    static ArrayNode services(List<List<TraceStore.Segment>> traces, double from, double to) {
        ServiceGraph graph = new ServiceGraph();
        traces.forEach(segments -> graph.add(segments, from, to));
        ArrayNode out = NODES.arrayNode();
        graph.nodes.values().forEach(n -> out.add(graph.render(n)));
        return out;
    }

    private void add(List<TraceStore.Segment> trace, double from, double to) {
        // Where each segment and subsegment id belongs: the node of the segment that holds it.
        Map<String, Node> ownerOf = new HashMap<>();
        Map<String, JsonNode> subsegments = new HashMap<>();
        List<JsonNode> segments = new ArrayList<>();
        for (TraceStore.Segment s : trace) {
            JsonNode doc = s.document();
            if ("subsegment".equals(doc.path("type").asText())) {
                continue;
            }
            Call call = Call.of(doc);
            if (call.start() > to || call.end() < from) {
                continue;
            }
            Node node = node(doc.path("name").asText(), doc.path("origin").asText(null));
            node.stats.calls.add(call);
            if (doc.path("aws").hasNonNull("account_id")) {
                node.accountId = doc.path("aws").path("account_id").asText();
            }
            ownerOf.put(doc.path("id").asText(), node);
            collect(doc.path("subsegments"), node, ownerOf, subsegments);
            segments.add(doc);
        }
        // Separately sent subsegments belong to the node of their parent.
        for (TraceStore.Segment s : trace) {
            JsonNode doc = s.document();
            Node owner = ownerOf.get(doc.path("parent_id").asText());
            if ("subsegment".equals(doc.path("type").asText()) && owner != null) {
                ownerOf.put(doc.path("id").asText(), owner);
                subsegments.put(doc.path("id").asText(), doc);
                collect(doc.path("subsegments"), owner, ownerOf, subsegments);
            }
        }
        Map<String, Boolean> answered = new HashMap<>();
        for (JsonNode doc : segments) {
            Node node = ownerOf.get(doc.path("id").asText());
            String parent = doc.path("parent_id").asText(null);
            Node caller = parent == null ? null : ownerOf.get(parent);
            if (caller == null) {
                node.root = true;
            } else {
                caller.edges.computeIfAbsent(node.referenceId, k -> new Stats()).calls.add(Call.of(doc));
                answered.put(parent, true);
            }
        }
        // Downstream calls no recorded segment answered: the services they reached, inferred.
        subsegments.forEach((id, doc) -> {
            String namespace = doc.path("namespace").asText("");
            if (answered.containsKey(id) || !(namespace.equals("aws") || namespace.equals("remote"))) {
                return;
            }
            String name = doc.path("name").asText();
            Node target = node(name, namespace.equals("aws") ? "AWS::" + name : "remote");
            Call call = Call.of(doc);
            target.stats.calls.add(call);
            ownerOf.get(id).edges.computeIfAbsent(target.referenceId, k -> new Stats()).calls.add(call);
        });
    }

    private static void collect(JsonNode list, Node owner, Map<String, Node> ownerOf, Map<String, JsonNode> subsegments) {
        for (JsonNode sub : list) {
            String id = sub.path("id").asText();
            ownerOf.put(id, owner);
            subsegments.put(id, sub);
            collect(sub.path("subsegments"), owner, ownerOf, subsegments);
        }
    }

    private Node node(String name, String type) {
        return nodes.computeIfAbsent(name + "\u0000" + type, k -> new Node(nodes.size(), name, type));
    }

    private ObjectNode render(Node n) {
        ObjectNode out = NODES.objectNode();
        out.put("ReferenceId", n.referenceId);
        out.put("Name", n.name);
        out.putArray("Names").add(n.name);
        out.put("Root", n.root);
        if (n.accountId != null) {
            out.put("AccountId", n.accountId);
        }
        if (n.type != null) {
            out.put("Type", n.type);
        }
        out.put("State", "active");
        out.put("StartTime", n.stats.start());
        out.put("EndTime", n.stats.end());
        ArrayNode edges = out.putArray("Edges");
        n.edges.forEach((target, stats) -> {
            ObjectNode e = edges.addObject();
            e.put("ReferenceId", target);
            e.put("StartTime", stats.start());
            e.put("EndTime", stats.end());
            e.set("SummaryStatistics", stats.summary());
            e.set("ResponseTimeHistogram", stats.histogram());
            e.putArray("Aliases");
        });
        out.set("SummaryStatistics", n.stats.summary());
        out.set("DurationHistogram", n.stats.histogram());
        out.set("ResponseTimeHistogram", n.stats.histogram());
        return out;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000d;
    }
}
