package dev.lamb.local.cloud.xray;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What X-Ray derives from one trace's segments: its times (Duration = earliest start to last end,
 * ResponseTime = the root segment's own span), its flags (any segment or subsegment in error, fault or
 * throttle), its services and entry point, and the summary GetTraceSummaries returns.
 */
final class TraceView {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final List<TraceStore.Segment> segments;
    final double startTime;
    final double endTime;
    final double responseTime;
    final boolean hasFault;
    final boolean hasError;
    final boolean hasThrottle;
    final boolean partial;
    final ObjectNode root;

    TraceView(String id, List<TraceStore.Segment> segments) {
        this.id = id;
        this.segments = segments;
        double start = Double.MAX_VALUE;
        double end = 0;
        boolean fault = false;
        boolean error = false;
        boolean throttle = false;
        boolean inProgress = false;
        ObjectNode rootSegment = null;
        for (TraceStore.Segment s : segments) {
            ObjectNode doc = s.document();
            double st = doc.path("start_time").asDouble();
            start = Math.min(start, st);
            if (doc.path("in_progress").asBoolean(false) || !doc.has("end_time")) {
                inProgress = true;
            } else {
                end = Math.max(end, doc.path("end_time").asDouble());
            }
            fault |= flag(doc, "fault");
            error |= flag(doc, "error");
            throttle |= flag(doc, "throttle");
            if (isServiceSegment(doc) && !doc.hasNonNull("parent_id")
                    && (rootSegment == null || st < rootSegment.path("start_time").asDouble())) {
                rootSegment = doc;
            }
        }
        if (rootSegment == null) {
            rootSegment = segments.stream().map(TraceStore.Segment::document).filter(TraceView::isServiceSegment)
                    .min(Comparator.comparingDouble(d -> d.path("start_time").asDouble()))
                    .orElse(segments.get(0).document());
        }
        this.root = rootSegment;
        this.startTime = start;
        this.endTime = Math.max(end, start);
        this.responseTime = root.has("end_time")
                ? root.path("end_time").asDouble() - root.path("start_time").asDouble() : 0;
        this.hasFault = fault;
        this.hasError = error;
        this.hasThrottle = throttle;
        this.partial = inProgress;
    }

    static boolean isServiceSegment(JsonNode doc) {
        return !"subsegment".equals(doc.path("type").asText());
    }

    /** The flag on the document or any subsegment nested in it. */
    private static boolean flag(JsonNode doc, String name) {
        if (doc.path(name).asBoolean(false)) {
            return true;
        }
        for (JsonNode sub : doc.path("subsegments")) {
            if (flag(sub, name)) {
                return true;
            }
        }
        return false;
    }

    double duration() {
        return round(endTime - startTime);
    }

    boolean ok() {
        return !hasFault && !hasError && !hasThrottle;
    }

    /** The segments (not subsegments) of the trace, the services X-Ray draws as nodes. */
    List<ObjectNode> serviceSegments() {
        List<ObjectNode> out = new ArrayList<>();
        for (TraceStore.Segment s : segments) {
            if (isServiceSegment(s.document())) {
                out.add(s.document());
            }
        }
        return out;
    }

    /** Annotations of every segment and subsegment, by key. */
    Map<String, List<JsonNode>> annotations() {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (TraceStore.Segment s : segments) {
            collectAnnotations(s.document(), out);
        }
        return out;
    }

    private static void collectAnnotations(JsonNode doc, Map<String, List<JsonNode>> out) {
        doc.path("annotations").fields().forEachRemaining(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        for (JsonNode sub : doc.path("subsegments")) {
            collectAnnotations(sub, out);
        }
    }

    private static ObjectNode serviceId(JsonNode doc) {
        ObjectNode id = NODES.objectNode();
        String name = doc.path("name").asText();
        id.put("Name", name);
        id.putArray("Names").add(name);
        String account = doc.path("aws").path("account_id").asText(null);
        if (account != null) {
            id.put("AccountId", account);
        }
        if (doc.hasNonNull("origin")) {
            id.put("Type", doc.get("origin").asText());
        }
        return id;
    }

    ObjectNode summary() {
        ObjectNode s = NODES.objectNode();
        s.put("Id", id);
        s.put("StartTime", round(startTime));
        s.put("Duration", duration());
        s.put("ResponseTime", round(responseTime));
        s.put("HasFault", hasFault);
        s.put("HasError", hasError);
        s.put("HasThrottle", hasThrottle);
        s.put("IsPartial", partial);
        ObjectNode http = NODES.objectNode();
        JsonNode request = root.path("http").path("request");
        JsonNode response = root.path("http").path("response");
        if (request.has("url")) {
            http.put("HttpURL", request.get("url").asText());
        }
        if (response.has("status")) {
            http.put("HttpStatus", response.get("status").asInt());
        }
        if (request.has("method")) {
            http.put("HttpMethod", request.get("method").asText());
        }
        if (request.has("user_agent")) {
            http.put("UserAgent", request.get("user_agent").asText());
        }
        if (request.has("client_ip")) {
            http.put("ClientIp", request.get("client_ip").asText());
        }
        s.set("Http", http);
        ObjectNode annotations = s.putObject("Annotations");
        annotations().forEach((key, values) -> {
            ArrayNode list = annotations.putArray(key);
            for (JsonNode v : values) {
                ObjectNode value = NODES.objectNode();
                if (v.isNumber()) {
                    value.put("NumberValue", v.asDouble());
                } else if (v.isBoolean()) {
                    value.put("BooleanValue", v.asBoolean());
                } else {
                    value.put("StringValue", v.asText());
                }
                list.addObject().<ObjectNode>set("AnnotationValue", value).putArray("ServiceIds");
            }
        });
        ArrayNode users = s.putArray("Users");
        for (ObjectNode doc : serviceSegments()) {
            if (doc.hasNonNull("user")) {
                users.addObject().put("UserName", doc.get("user").asText()).putArray("ServiceIds").add(serviceId(doc));
            }
        }
        ArrayNode services = s.putArray("ServiceIds");
        List<String> seen = new ArrayList<>();
        ArrayNode arns = s.putArray("ResourceARNs");
        for (ObjectNode doc : serviceSegments()) {
            String key = doc.path("name").asText() + "\u0000" + doc.path("origin").asText();
            if (!seen.contains(key)) {
                seen.add(key);
                services.add(serviceId(doc));
            }
            String arn = doc.path("resource_arn").asText(doc.path("aws").path("function_arn").asText(null));
            if (arn != null && !arn.isEmpty()) {
                boolean present = false;
                for (JsonNode a : arns) {
                    present |= a.path("ARN").asText().equals(arn);
                }
                if (!present) {
                    arns.addObject().put("ARN", arn);
                }
            }
        }
        s.set("EntryPoint", serviceId(root));
        s.putArray("FaultRootCauses");
        s.putArray("ErrorRootCauses");
        s.putArray("ResponseTimeRootCauses");
        s.putArray("AvailabilityZones");
        s.putArray("InstanceIds");
        s.put("Revision", segments.size());
        s.put("MatchedEventTime", round(startTime));
        return s;
    }

    ObjectNode trace() {
        ObjectNode t = NODES.objectNode();
        t.put("Id", id);
        t.put("Duration", duration());
        t.put("LimitExceeded", false);
        ArrayNode list = t.putArray("Segments");
        for (TraceStore.Segment s : segments) {
            list.addObject().put("Id", s.id()).put("Document", s.documentText());
        }
        return t;
    }

    /** Seconds to the microsecond, as X-Ray reports them. */
    static double round(double seconds) {
        return Math.round(seconds * 1_000_000d) / 1_000_000d;
    }
}
