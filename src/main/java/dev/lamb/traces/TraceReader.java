package dev.lamb.traces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.xray.model.ResourceARNDetail;
import software.amazon.awssdk.services.xray.model.TimeRangeType;
import software.amazon.awssdk.services.xray.model.Trace;

/**
 * Reads the function's traces from X-Ray: GetTraceSummaries for the traces through the function in a
 * window, BatchGetTraces for their segments. The traces are found with the filter expression
 * {@code service("NAME")}, which matches both nodes Lambda draws for the function (AWS::Lambda and
 * AWS::Lambda::Function) and which every X-Ray, lamb's local one included, understands.
 */
public final class TraceReader {
    /** X-Ray answers GetTraceSummaries for at most six hours at a time; longer windows are read in slices. */
    static final Duration SLICE = Duration.ofHours(6);
    /** BatchGetTraces takes five trace ids a call. */
    static final int BATCH = 5;
    /** Summaries read before the newest --limit are kept: a bound on the calls a long window costs. */
    static final int MAX_LISTED = 2000;
    static final Duration POLL = Duration.ofSeconds(2);

    private final AwsClients aws;
    private final String function;
    /** The qualifiers of the invocations whose traces are read (a stage's alias and its versions); null for every invocation's. */
    private final Set<String> qualifiers;

    public TraceReader(AwsClients aws, String function) {
        this(aws, function, null);
    }

    private TraceReader(AwsClients aws, String function, Set<String> qualifiers) {
        this.aws = aws;
        this.function = function;
        this.qualifiers = qualifiers;
    }

    /**
     * The traces of the invocations through one alias (a stage's): stages share the function, and a trace tells them
     * apart by the ARN its Lambda segments were invoked as (the summary's ResourceARNs). That ARN is qualified with the
     * alias, or on AWS it may be with the version the alias routed the call to: so {@code versions}, those the alias
     * routes to (its FunctionVersion and RoutingConfig's), count as the alias too.
     */
    public TraceReader throughAlias(String alias, Set<String> versions) {
        Set<String> qualifiers = new HashSet<>(versions);
        qualifiers.add(alias);
        return new TraceReader(aws, function, Set.copyOf(qualifiers));
    }

    /** The deployed function's tracing mode (Active or PassThrough); a function not deployed is exit 4. */
    public String tracingMode() {
        try {
            GetFunctionConfigurationResponse config = aws.lambda().getFunctionConfiguration(r -> r.functionName(function));
            return config.tracingConfig() == null || config.tracingConfig().modeAsString() == null ? "PassThrough"
                    : config.tracingConfig().modeAsString();
        } catch (ResourceNotFoundException e) {
            throw new LambException(ExitCode.NOT_FOUND, function + " is not deployed: deploy it with 'lamb deploy'", e);
        }
    }

    public static boolean active(String tracingMode) {
        return "Active".equalsIgnoreCase(tracingMode);
    }

    /**
     * The newest {@code limit} traces that started in the last {@code since}, oldest first, with the phases
     * of each; {@code notice} hears when older ones were left out.
     */
    public TracesReport report(String sinceText, Duration since, int limit, Clock clock, Consumer<String> notice) {
        Instant to = clock.instant();
        Instant from = to.minus(since);
        List<ListedTrace> listed = list(from, to, false);
        List<ListedTrace> newest = listed.stream().sorted(Comparator.comparing(ListedTrace::start).reversed()).limit(limit)
                .sorted(Comparator.comparing(ListedTrace::start).thenComparing(ListedTrace::id)).toList();
        if (newest.size() < listed.size()) {
            notice.accept("showing the newest " + newest.size() + " of " + listed.size() + " traces; --limit shows more");
        }
        List<TraceSummary> traces = details(newest);
        return new TracesReport(function, sinceText, from.toString(), to.toString(), listed.size(), traces, TracesStats.of(traces));
    }

    /** Hands on each trace from {@code since} ago on, once, as X-Ray lists it, until the thread is interrupted. */
    public void follow(Duration since, Clock clock, Consumer<TraceSummary> out) {
        TraceFollower.Source source = new TraceFollower.Source() {
            @Override
            public List<ListedTrace> list(Instant from, Instant to) {
                // By update time: a long invocation is listed again when it completes.
                return TraceReader.this.list(from, to, true);
            }

            @Override
            public List<TraceSummary> details(List<ListedTrace> traces) {
                return TraceReader.this.details(traces);
            }
        };
        try {
            new TraceFollower(source, clock, POLL, d -> Thread.sleep(d.toMillis())).run(clock.instant().minus(since), out);
        } catch (RuntimeException e) {
            // Ctrl-C in the middle of a call aborts it: that is the end of the follow, not a failure.
            if (!Thread.currentThread().isInterrupted()) {
                throw e;
            }
        }
    }

    /** One trace's segments as a tree; empty when X-Ray does not have it. */
    public Optional<TraceTree> tree(String traceId) {
        List<String> documents = documents(List.of(traceId)).get(traceId);
        return documents == null || documents.isEmpty() ? Optional.empty()
                : Optional.of(TraceDocuments.tree(traceId, documents));
    }

    List<ListedTrace> list(Instant from, Instant to, boolean byUpdateTime) {
        List<ListedTrace> out = new ArrayList<>();
        String filter = "service(\"" + function.replace("\\", "\\\\").replace("\"", "\\\"") + "\")";
        for (Instant start = from; start.isBefore(to) && out.size() < MAX_LISTED; start = start.plus(SLICE)) {
            Instant sliceStart = start;
            Instant sliceEnd = start.plus(SLICE).isBefore(to) ? start.plus(SLICE) : to;
            for (var s : aws.xray().getTraceSummariesPaginator(r -> r.startTime(sliceStart).endTime(sliceEnd)
                    .timeRangeType(byUpdateTime ? TimeRangeType.EVENT : TimeRangeType.TRACE_ID)
                    .filterExpression(filter)).traceSummaries()) {
                if (qualifiers != null && !invokedThroughAlias(s.resourceARNs())) {
                    continue;
                }
                Instant started = s.startTime() != null ? s.startTime() : fromTraceId(s.id());
                out.add(new ListedTrace(s.id(), started, s.duration() == null ? 0 : s.duration(),
                        s.http() == null ? null : s.http().httpStatus(), Boolean.TRUE.equals(s.hasFault()),
                        Boolean.TRUE.equals(s.hasError()), Boolean.TRUE.equals(s.hasThrottle()),
                        Boolean.TRUE.equals(s.isPartial())));
                if (out.size() >= MAX_LISTED) {
                    break;
                }
            }
        }
        Map<String, ListedTrace> unique = new LinkedHashMap<>();
        out.forEach(t -> unique.put(t.id(), t));
        return new ArrayList<>(unique.values());
    }

    /** Whether a trace's resources name this function qualified with the reader's alias or one of its versions. */
    private boolean invokedThroughAlias(List<ResourceARNDetail> arns) {
        return arns != null && arns.stream().map(ResourceARNDetail::arn).filter(Objects::nonNull).map(a -> a.split(":", -1))
                .anyMatch(p -> p.length == 8 && p[2].equals("lambda") && p[6].equals(function) && qualifiers.contains(p[7]));
    }

    List<TraceSummary> details(List<ListedTrace> traces) {
        Map<String, List<String>> documents = documents(traces.stream().map(ListedTrace::id).toList());
        return traces.stream().map(t -> TraceDocuments.summary(function, t, documents.getOrDefault(t.id(), List.of()))).toList();
    }

    private Map<String, List<String>> documents(List<String> ids) {
        Map<String, List<String>> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
            for (Trace trace : aws.xray().batchGetTracesPaginator(r -> r.traceIds(batch)).traces()) {
                out.computeIfAbsent(trace.id(), k -> new ArrayList<>())
                        .addAll(trace.segments().stream().map(s -> s.document()).toList());
            }
        }
        return out;
    }

    /** A trace id's second part is its start, in hex epoch seconds. */
    static Instant fromTraceId(String id) {
        return Instant.ofEpochSecond(Long.parseLong(id.substring(2, 10), 16));
    }
}
