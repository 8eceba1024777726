package dev.lamb.local.cloud.xray;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ReportLine;
import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.PageAfter;
import dev.lamb.local.cloud.ValidationMessage;
import dev.lamb.local.cloud.lambda.LambdaInvocation;

/**
 * The local X-Ray (rest-json, 2016-04-12): PutTraceSegments, GetTraceSummaries, BatchGetTraces and GetServiceGraph over
 * segments kept under {@code <dataDir>/xray/}, and the traces Lambda writes for functions whose tracing
 * mode is Active ({@link #record}). Other X-Ray operations answer NotImplemented.
 */
public final class XRayService implements AwsService {
    static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final int PAGE = 100;
    private static final int MAX_BATCH = 5;
    /** GetTraceSummaries' token tag; the tokens of earlier versions named start times, and are refused as not its own. */
    private static final String SUMMARIES_TAG = "GetTraceSummaries recorded\n";

    private final TraceStore store;

    public XRayService(Path dataDir) {
        this.store = new TraceStore(dataDir, System::currentTimeMillis);
    }

    @Override
    public String signingName() {
        return "xray";
    }

    /** What each operation takes (the body's members) and gives. */
    @FunctionalInterface
    private interface Handler {
        CloudResponse run(XRayService xray, JsonNode body);
    }

    // Paths and names from X-Ray's service model (botocore xray/2016-04-12); the others answer NotImplemented.
    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byPath("X-Ray")
            .add("POST", "/TraceSegments", "PutTraceSegments", XRayService::putTraceSegments)
            .add("POST", "/TraceSummaries", "GetTraceSummaries", XRayService::getTraceSummaries)
            .add("POST", "/Traces", "BatchGetTraces", XRayService::batchGetTraces)
            .notServed("POST", "/TimeSeriesServiceStatistics", "GetTimeSeriesServiceStatistics")
            .add("POST", "/ServiceGraph", "GetServiceGraph", XRayService::getServiceGraph)
            .notServed("POST", "/GetSamplingRules", "GetSamplingRules")
            .notServed("POST", "/SamplingTargets", "GetSamplingTargets")
            .notServed("POST", "/TelemetryRecords", "PutTelemetryRecords")
            .build();

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        OperationTable.Routed<Handler> routed = OPERATIONS.route(request.method(), request.path());
        return routed.handler().run(this, JsonBodies.object(request, () -> invalid("The request body is not valid JSON.")));
    }

    /** X-Ray's actions are on no resource ({@code *}), as the Service Authorization Reference lists them. */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        return OPERATIONS.operationAt(request.method(), request.path()).map(op -> List.of(IamAction.onAny("xray:" + op))).orElse(List.of());
    }

    static AwsServiceException invalid(String message) {
        return new AwsServiceException(400, "InvalidRequestException", message);
    }

    // ---- PutTraceSegments

    private CloudResponse putTraceSegments(JsonNode body) {
        JsonNode documents = JsonBodies.requiredList(body, "TraceSegmentDocuments", XRayService::invalid);
        List<ObjectNode> accepted = new ArrayList<>();
        ArrayNode unprocessed = NODES.arrayNode();
        for (JsonNode text : documents) {
            ObjectNode doc;
            try {
                JsonNode parsed = JSON.readTree(text.asText());
                if (!(parsed instanceof ObjectNode o)) {
                    unprocessed.addObject().put("ErrorCode", "InvalidSegment").put("Message", "Segment is not a JSON object");
                    continue;
                }
                doc = o;
            } catch (IOException e) {
                unprocessed.addObject().put("ErrorCode", "InvalidSegment").put("Message", "Invalid segment: not valid JSON");
                continue;
            }
            Optional<String> problem = problem(doc);
            if (problem.isPresent()) {
                ObjectNode u = unprocessed.addObject();
                if (doc.hasNonNull("id")) {
                    u.put("Id", doc.get("id").asText());
                }
                u.put("ErrorCode", "InvalidSegment").put("Message", problem.get());
                continue;
            }
            accepted.add(doc);
        }
        store.add(accepted, true);
        ObjectNode out = NODES.objectNode();
        out.set("UnprocessedTraceSegments", unprocessed);
        return CloudResponse.json(200, out);
    }

    private static Optional<String> problem(ObjectNode doc) {
        boolean subsegment = "subsegment".equals(doc.path("type").asText());
        for (String field : List.of("name", "id", "trace_id", "start_time")) {
            if (!doc.hasNonNull(field)) {
                return Optional.of("Invalid segment: missing required field '" + field + "'");
            }
        }
        if (!doc.get("id").asText().matches("[0-9a-f]{16}")) {
            return Optional.of("Invalid segment id: " + doc.get("id").asText());
        }
        if (!TRACE_ID.matcher(doc.get("trace_id").asText()).matches()) {
            return Optional.of("Invalid trace id: " + doc.get("trace_id").asText());
        }
        if (!doc.get("start_time").isNumber()) {
            return Optional.of("Invalid segment: start_time must be a number of epoch seconds");
        }
        if (!doc.hasNonNull("end_time") && !doc.path("in_progress").asBoolean(false)) {
            return Optional.of("Invalid segment: either end_time or in_progress must be set");
        }
        if (doc.hasNonNull("end_time") && !doc.get("end_time").isNumber()) {
            return Optional.of("Invalid segment: end_time must be a number of epoch seconds");
        }
        if (subsegment && !doc.hasNonNull("parent_id")) {
            return Optional.of("Invalid subsegment: missing required field 'parent_id'");
        }
        return Optional.empty();
    }

    // ---- GetTraceSummaries

    private CloudResponse getTraceSummaries(JsonNode body) {
        Window window = Window.of(body);
        double from = window.from();
        double to = window.to();
        String rangeType = body.path("TimeRangeType").asText("TraceId");
        if (!List.of("TraceId", "Event", "Service").contains(rangeType)) {
            throw invalid(ValidationMessage.of(rangeType, "timeRangeType", "Member must satisfy enum value set: [TraceId, Event, Service]"));
        }
        Predicate<TraceView> filter = FilterExpression.parse(body.path("FilterExpression").asText(null));
        List<TraceView> views = new ArrayList<>();
        Map<String, String> recorded = new HashMap<>();
        for (TraceStore.Trace trace : store.around(from, to)) {
            if (trace.segments().isEmpty()) {
                continue;
            }
            TraceView view = new TraceView(trace.id(), trace.segments());
            double time = rangeType.equals("TraceId") ? Long.parseLong(trace.id().substring(2, 10), 16) : view.startTime;
            boolean inRange = rangeType.equals("TraceId") ? time >= Math.floor(from) && time <= to
                    : time >= from && time <= to;
            if (inRange) {
                views.add(view);
                recorded.put(view.id, trace.recorded() + " " + trace.id());
            }
        }
        int processed = views.size();
        List<TraceView> matched = views.stream().filter(filter).toList();
        // Keyed on where each trace was first recorded, which a late segment (an earlier start) never moves.
        PageAfter.Page<TraceView> page = PageAfter.page(SUMMARIES_TAG, matched, v -> recorded.get(v.id),
                body.path("NextToken").asText(null), PAGE, XRayService::invalidToken);
        ObjectNode out = NODES.objectNode();
        ArrayNode summaries = out.putArray("TraceSummaries");
        page.items().forEach(v -> summaries.add(v.summary()));
        out.put("ApproximateTime", Instant.now().getEpochSecond());
        out.put("TracesProcessedCount", processed);
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return CloudResponse.json(200, out);
    }

    /** A request's StartTime and EndTime, in epoch seconds, both required and in that order. */
    private record Window(double from, double to) {
        static Window of(JsonNode body) {
            if (!body.path("StartTime").isNumber() || !body.path("EndTime").isNumber()) {
                throw invalid("StartTime and EndTime are required.");
            }
            Window w = new Window(body.get("StartTime").asDouble(), body.get("EndTime").asDouble());
            if (w.to() < w.from()) {
                throw invalid("EndTime must be after StartTime.");
            }
            return w;
        }
    }

    // ---- GetServiceGraph

    /** The services the segments of the window show, and their calls to each other (one page: no NextToken). */
    private CloudResponse getServiceGraph(JsonNode body) {
        Window window = Window.of(body);
        // The graph is one page, so this service hands out no NextToken: any token sent is not one of its own.
        if (!body.path("NextToken").asText("").isEmpty()) {
            throw invalidToken();
        }
        double from = window.from();
        double to = window.to();
        ObjectNode out = NODES.objectNode();
        out.put("StartTime", from);
        out.put("EndTime", to);
        out.set("Services", ServiceGraph.services(store.around(from, to).stream().map(TraceStore.Trace::segments).toList(), from, to));
        out.put("ContainsOldGroupVersions", false);
        return CloudResponse.json(200, out);
    }

    /** NextToken is not one this service handed out for the operation: the model's InvalidRequestException. */
    private static AwsServiceException invalidToken() {
        return invalid("Invalid NextToken. Pass the NextToken of the previous page, or none.");
    }

    // ---- BatchGetTraces

    private CloudResponse batchGetTraces(JsonNode body) {
        JsonNode ids = JsonBodies.requiredList(body, "TraceIds", XRayService::invalid);
        // Each trace once, in id order, MAX_BATCH a page; NextToken names the last id given.
        List<String> all = new ArrayList<>();
        ids.forEach(id -> all.add(id.asText()));
        PageAfter.Page<String> page = PageAfter.page("BatchGetTraces\n", all.stream().distinct().toList(), id -> id,
                body.path("NextToken").asText(null), MAX_BATCH, XRayService::invalidToken);
        ObjectNode out = NODES.objectNode();
        ArrayNode traces = out.putArray("Traces");
        ArrayNode unprocessed = out.putArray("UnprocessedTraceIds");
        for (String id : page.items()) {
            Optional<List<TraceStore.Segment>> segments = store.trace(id);
            if (segments.isPresent() && !segments.get().isEmpty()) {
                traces.add(new TraceView(id, segments.get()).trace());
            } else {
                unprocessed.add(id);
            }
        }
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return CloudResponse.json(200, out);
    }

    // ---- traces Lambda writes

    /**
     * Records the trace Lambda writes for an invocation of a function whose tracing mode is Active: the
     * AWS::Lambda service segment and the AWS::Lambda::Function segment with its Initialization (cold
     * start only), Invocation and Overhead subsegments, timed by the invocation's REPORT. Wire it with
     * {@code lambda.onInvocation(xray::record)}.
     */
    public void record(LambdaInvocation inv) {
        recordTrace(inv);
    }

    /** As {@link #record}, giving the new trace's id, or empty when the function is not traced. */
    Optional<String> recordTrace(LambdaInvocation inv) {
        if (!inv.tracingActive() || inv.result() == null || inv.result().report() == null) {
            return Optional.empty();
        }
        InvocationResult result = inv.result();
        ReportLine report = result.report();
        Instant started = inv.started();
        long t0 = started.getEpochSecond() * 1_000_000L + started.getNano() / 1_000;
        long initMicros = report.initDurationMs() == null ? 0 : Math.round(report.initDurationMs() * 1000);
        long invocationMicros = Math.round(report.durationMs() * 1000);
        long initEnd = t0 + initMicros;
        long invocationEnd = initEnd + invocationMicros;
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        // The time after the response until the instance is ready again: what was measured, within reason.
        long overheadMicros = Math.max(50, Math.min(2_000, nowMicros - invocationEnd));
        long end = invocationEnd + overheadMicros;

        String traceId = "1-" + String.format("%08x", started.getEpochSecond()) + "-" + hex(12);
        String serviceId = hex(8);
        String functionId = hex(8);
        String account = account(inv.functionArn());
        boolean failed = result.failed();

        ObjectNode service = NODES.objectNode();
        service.put("id", serviceId);
        service.put("name", inv.functionName());
        service.put("start_time", seconds(t0));
        service.put("trace_id", traceId);
        service.put("end_time", seconds(end));
        service.putObject("http").putObject("response").put("status", 200);
        service.putObject("aws").put("request_id", result.requestId());
        service.put("origin", "AWS::Lambda");
        service.put("resource_arn", inv.functionArn());

        ObjectNode function = NODES.objectNode();
        function.put("id", functionId);
        function.put("name", inv.functionName());
        function.put("start_time", seconds(t0));
        function.put("trace_id", traceId);
        function.put("end_time", seconds(end));
        function.put("parent_id", serviceId);
        ObjectNode aws = function.putObject("aws");
        if (account != null) {
            aws.put("account_id", account);
        }
        aws.put("function_arn", inv.functionArn());
        aws.putArray("resource_names").add(inv.functionName());
        function.put("origin", "AWS::Lambda::Function");
        if (failed) {
            function.put("fault", true);
        }
        ArrayNode subsegments = function.putArray("subsegments");
        if (report.initDurationMs() != null) {
            ObjectNode init = subsegments.addObject();
            init.put("id", hex(8));
            init.put("name", "Initialization");
            init.put("start_time", seconds(t0));
            init.put("end_time", seconds(initEnd));
            init.putObject("aws").put("function_arn", inv.functionArn());
        }
        ObjectNode invocation = subsegments.addObject();
        invocation.put("id", hex(8));
        invocation.put("name", "Invocation");
        invocation.put("start_time", seconds(initEnd));
        invocation.put("end_time", seconds(invocationEnd));
        invocation.putObject("aws").put("function_arn", inv.functionArn());
        if (failed) {
            invocation.put("fault", true);
            invocation.set("cause", cause(result));
        }
        ObjectNode overhead = subsegments.addObject();
        overhead.put("id", hex(8));
        overhead.put("name", "Overhead");
        overhead.put("start_time", seconds(invocationEnd));
        overhead.put("end_time", seconds(end));
        overhead.putObject("aws").put("function_arn", inv.functionArn());

        // Not synced: an invocation's answer does not acknowledge its trace, and a sync would slow every invoke.
        store.add(List.of(service, function), false);
        return Optional.of(traceId);
    }

    private static ObjectNode cause(InvocationResult result) {
        ObjectNode cause = NODES.objectNode();
        cause.put("working_directory", "/var/task");
        String type = result.functionError();
        String message = "";
        try {
            JsonNode payload = JSON.readTree(result.payload());
            if (payload != null && payload.isObject()) {
                type = payload.path("errorType").asText(type);
                message = payload.path("errorMessage").asText("");
            }
        } catch (IOException e) {
            // the payload is not JSON: keep the function error as the type
        }
        if (result.report().status() != null && result.report().status().equals("timeout")) {
            type = "Sandbox.Timedout";
        }
        ObjectNode exception = cause.putArray("exceptions").addObject();
        exception.put("id", hex(8));
        exception.put("message", message);
        exception.put("type", type);
        exception.put("remote", false);
        return cause;
    }

    private static String account(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":");
        return parts.length > 4 ? parts[4] : null;
    }

    private static double seconds(long micros) {
        return micros / 1_000_000d;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }
}
