package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.PayloadLimits;
import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.BodyLimit;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.DataPlane;
import dev.lamb.local.cloud.Faults;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.InvocationLimits;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.Regions;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.InvokedAs;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.local.runtime.ResponseStream;
import dev.lamb.local.runtime.ServedInvocation;

/**
 * The local cloud's Lambda: the control plane (REST-JSON, 2015-03-31) over functions persisted under
 * {@code <dataDir>/lambda/}, and Invoke, which runs the stored code on the local engine at the
 * invoked version's memory size and timeout.
 */
public final class LambdaService implements AwsService {
    private static final int TAIL_BYTES = 4096;
    // AWS's limits on a request body, in its answers: a 50 MB zip in base64 within the JSON of CreateFunction
    // or UpdateFunctionCode.
    static final int MAX_CREATE_REQUEST = 69_905_067;
    static final int MAX_UPDATE_CODE_REQUEST = 70_167_211;
    // Base64 zips of up to 50 MB are one JSON string, longer than Jackson's default limit allows.
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_UPDATE_CODE_REQUEST).build()).build());

    private final FunctionStore store;
    private final Functions functions;
    private final FunctionUrls urls;
    private final FunctionSettings settings;
    private final LocalEngine engine;
    private final String region;
    private final EventInvokeConfigs eventInvokeConfigs;
    /** The spec made last, see {@link #spec}. */
    private volatile LastSpec lastSpec;
    private final AsyncInvocations async;
    private final InvocationSlots slots;
    private final ProvisionedConcurrencyConfigs provisioned;
    private final List<Consumer<LambdaInvocation>> listeners = new CopyOnWriteArrayList<>();
    /**
     * When invocations start and throttles happen, as their watchers hear it: CloudWatch's metrics, and the log events and
     * traces stamped with a start.
     */
    private volatile Clock clock = Clock.systemUTC();
    private final List<Consumer<LambdaThrottle>> throttleListeners = new CopyOnWriteArrayList<>();
    private volatile Faults faults;
    private volatile Function<String, Optional<Instant>> roleCreatedAt = arn -> Optional.empty();

    public LambdaService(Path dataDir, LocalEngine engine, Predicate<String> roleExists, Duration stateDelay) {
        this(dataDir, engine, roleExists, stateDelay, InvocationLimits.defaults());
    }

    public LambdaService(Path dataDir, LocalEngine engine, Predicate<String> roleExists, Duration stateDelay,
            InvocationLimits limits) {
        this(dataDir, Regions.HOME, engine, roleExists, stateDelay, limits);
    }

    /** One region's Lambda: its functions are kept under {@code dataDir}, and its errors' ARNs name {@code region}. */
    public LambdaService(Path dataDir, String region, LocalEngine engine, Predicate<String> roleExists, Duration stateDelay,
            InvocationLimits limits) {
        this(new FunctionStore(dataDir, new CodeUnpacker()), region, engine, roleExists, stateDelay, limits);
    }

    /** One region's Lambda keeping its functions in {@code store} (a test's, whose disk fails). */
    LambdaService(FunctionStore store, String region, LocalEngine engine, Predicate<String> roleExists, Duration stateDelay,
            InvocationLimits limits) {
        this.slots = new InvocationSlots(limits);
        this.store = store;
        this.functions = new Functions(store, role -> assumable(role) && roleExists.test(role), engine::canRun, stateDelay, region);
        this.urls = new FunctionUrls(functions);
        this.settings = new FunctionSettings(functions);
        this.engine = engine;
        this.region = region;
        this.eventInvokeConfigs = new EventInvokeConfigs(functions);
        this.async = new AsyncInvocations(this::attempt, eventInvokeConfigs, limits.account());
        this.provisioned = new ProvisionedConcurrencyConfigs(functions, engine, (fn, v) -> spec(fn, v, v.version()),
                limits.perFunction());
    }

    /**
     * How fast asynchronous invocation's clock runs (retry delays and event ages; 1 is Lambda's), and where lines
     * about records for destinations the local cloud does not serve go.
     */
    public void asyncInvocation(double delayScale, Consumer<String> notice) {
        async.delayScale(delayScale);
        async.notices(notice);
    }

    /** How long a function stays Pending after create and InProgress after an update, unless told otherwise. */
    public static Duration defaultStateDelay() {
        return Duration.ofSeconds(1);
    }

    @Override
    public String signingName() {
        return "lambda";
    }

    /** Where Lambda writes the records of S3 failure destinations: the cloud's S3. */
    public void recordBuckets(RecordBuckets buckets) {
        async.buckets(buckets);
    }

    /** Where Lambda reads code given as an S3 object: the cloud's S3. */
    public void codeObjects(CodeObjects objects) {
        functions.codeObjects(objects);
    }

    /** Where Lambda learns when a role was created, for the iam-delay fault (IAM's {@code roleCreatedAt}). */
    public void roleCreatedAt(Function<String, Optional<Instant>> createdAt) {
        this.roleCreatedAt = createdAt;
    }

    @Override
    public void useFaults(Faults faults) {
        this.faults = faults;
    }

    /** False while an iam-delay fault holds the role, created too recently, back from Lambda. */
    private boolean assumable(String role) {
        Faults f = faults;
        return f == null || !f.roleUnassumable(() -> roleCreatedAt.apply(role).orElse(null));
    }

    /** Hears of every finished invocation, synchronous or not (for the Logs and X-Ray services). */
    @Override
    public Map<String, Integer> counts() {
        // Said in every health answer, summed over regions: a store whose background sync failed refuses changes.
        return store.syncFailure().isPresent() ? Map.of("functions", functions.count(), "functionStoresFailed", 1)
                : Map.of("functions", functions.count());
    }

    /** The runtimes the engine found and where functions' SDKs come from. */
    @Override
    public Map<String, Object> about() {
        return Map.of("runtimes", engine.runtimeReport());
    }

    public void onInvocation(Consumer<LambdaInvocation> listener) {
        listeners.add(listener);
    }

    /** Hears what the queue of asynchronous invocations does with each event, for CloudWatch's Async* metrics. */
    public void onAsyncEvent(Consumer<AsyncQueueEvent> listener) {
        async.events(listener);
    }

    /** Hears of every synchronous invocation Lambda throttled (429), for CloudWatch's Throttles. */
    public void onThrottle(Consumer<LambdaThrottle> listener) {
        throttleListeners.add(listener);
    }

    /** The clock that stamps invocations and throttles for their watchers: a test's, shared with CloudWatch's, to move time. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /**
     * Invokes a function synchronously as another service of the local cloud does (API Gateway's
     * Lambda proxy integration): name or ARN, with an optional qualifier.
     */
    public InvocationResult invoke(String function, byte[] event) {
        FunctionRef ref = FunctionRef.parse(function);
        return run(functions.resolveForInvoke(ref), event, ref.qualifier());
    }

    /** The function's resource-policy statements (for the given qualifier), as AddPermission made them. */
    public List<Map<String, Object>> policyStatements(String function) {
        return functions.policyStatements(FunctionRef.parse(function));
    }

    /** Lambda's limits on request bodies, with the errors and messages Lambda answers past them. */
    @Override
    public BodyLimit bodyLimit(CloudRequest head) {
        if (functionUrl(head).isPresent()) {
            return tooLargeFor(PayloadLimits.SYNC_BYTES, "InvokeFunctionUrl");
        }
        return switch (OPERATIONS.operationAt(head.method(), head.path()).orElse("")) {
            case "Invoke" -> "Event".equals(head.header("X-Amz-Invocation-Type"))
                    ? new BodyLimit(PayloadLimits.ASYNC_BYTES, size -> LambdaErrors.tooLarge(size
                            + " byte payload is too large for the Event invocation type (limit " + PayloadLimits.ASYNC_BYTES + " bytes)"))
                    : tooLargeFor(PayloadLimits.SYNC_BYTES, "InvokeFunction");
            case "CreateFunction" -> tooLargeFor(MAX_CREATE_REQUEST, "CreateFunction");
            case "UpdateFunctionCode" -> tooLargeFor(MAX_UPDATE_CODE_REQUEST, "UpdateFunctionCode");
            default -> BodyLimit.DEFAULT;
        };
    }

    private static BodyLimit tooLargeFor(int bytes, String operation) {
        return BodyLimit.of(bytes, LambdaErrors.tooLarge("Request must be smaller than " + bytes + " bytes for the "
                + operation + " operation"));
    }

    /** What each operation takes (the request, its path's parameters) and gives. */
    @FunctionalInterface
    private interface Handler {
        CloudResponse run(LambdaService lambda, Call call);
    }

    /** A request as an operation reads it: the function its path names, its query, its JSON body. */
    private record Call(CloudRequest request, Map<String, String> params) {
        FunctionRef function() {
            return FunctionRef.inRegion(params.get("FunctionName"), request.region());
        }

        /** The function with the request's Qualifier parameter, as the /2015-03-31/functions/{FunctionName} operations take it. */
        FunctionRef qualified() {
            return function().withQualifier(query("Qualifier"));
        }

        String param(String name) {
            return params.get(name);
        }

        String query(String name) {
            return request.queryParam(name);
        }

        JsonNode body() {
            return JsonBodies.object(request, JSON,
                    () -> new AwsServiceException(400, "InvalidRequestContentException", "Could not parse request body into json"));
        }
    }

    private static final String FUNCTION = "/2015-03-31/functions/{FunctionName}";
    private static final String URL = "/2021-10-31/functions/{FunctionName}/url";
    private static final String PROVISIONED = "/2019-09-30/functions/{FunctionName}/provisioned-concurrency";
    private static final String EVENT_INVOKE_CONFIG = "/2019-09-25/functions/{FunctionName}/event-invoke-config";

    // Methods, paths and names from Lambda's service model (botocore lambda/2015-03-31).
    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byPath("Lambda")
            .add("POST", "/2015-03-31/functions", "CreateFunction",
                    (l, c) -> CloudResponse.json(201, l.functions.create(c.body(), c.request().region())))
            .add("GET", "/2015-03-31/functions", "ListFunctions", (l, c) -> CloudResponse.json(200,
                    l.functions.list(c.query("Marker"), c.query("MaxItems"), "ALL".equals(c.query("FunctionVersion")))))
            .add("GET", FUNCTION, "GetFunction",
                    (l, c) -> CloudResponse.json(200, l.functions.get(c.qualified(), codeLocation(c.request()))))
            .add("DELETE", FUNCTION, "DeleteFunction", (l, c) -> {
                l.functions.delete(c.qualified());
                l.provisioned.forget(c.function().name(), c.query("Qualifier"));
                return CloudResponse.empty(204);
            })
            .add("GET", FUNCTION + "/configuration", "GetFunctionConfiguration",
                    (l, c) -> CloudResponse.json(200, l.functions.configuration(c.qualified())))
            .add("PUT", FUNCTION + "/configuration", "UpdateFunctionConfiguration",
                    (l, c) -> CloudResponse.json(200, l.functions.updateConfiguration(c.qualified(), c.body())))
            .add("PUT", FUNCTION + "/code", "UpdateFunctionCode",
                    (l, c) -> CloudResponse.json(200, l.functions.updateCode(c.qualified(), c.body())))
            .add("POST", FUNCTION + "/versions", "PublishVersion",
                    (l, c) -> CloudResponse.json(201, l.functions.publishVersion(c.qualified(), c.body())))
            .add("GET", FUNCTION + "/versions", "ListVersionsByFunction", (l, c) -> CloudResponse.json(200,
                    l.functions.listVersions(c.qualified(), c.query("Marker"), c.query("MaxItems"))))
            .add("POST", FUNCTION + "/aliases", "CreateAlias",
                    (l, c) -> CloudResponse.json(201, l.functions.createAlias(c.qualified(), c.body())))
            .add("GET", FUNCTION + "/aliases", "ListAliases", (l, c) -> CloudResponse.json(200,
                    l.functions.listAliases(c.qualified(), c.query("Marker"), c.query("MaxItems"))))
            .add("GET", FUNCTION + "/aliases/{Name}", "GetAlias",
                    (l, c) -> CloudResponse.json(200, l.functions.getAlias(c.qualified(), c.param("Name"))))
            .add("PUT", FUNCTION + "/aliases/{Name}", "UpdateAlias", (l, c) -> {
                Map<String, Object> alias = l.functions.updateAlias(c.qualified(), c.param("Name"), c.body());
                l.provisioned.aliasMoved(c.function(), c.param("Name"));
                return CloudResponse.json(200, alias);
            })
            .add("DELETE", FUNCTION + "/aliases/{Name}", "DeleteAlias", (l, c) -> {
                l.functions.deleteAlias(c.qualified(), c.param("Name"));
                l.provisioned.forget(c.function().name(), c.param("Name"));
                return CloudResponse.empty(204);
            })
            .add("POST", FUNCTION + "/policy", "AddPermission",
                    (l, c) -> CloudResponse.json(201, l.functions.addPermission(c.qualified(), c.body())))
            .add("GET", FUNCTION + "/policy", "GetPolicy", (l, c) -> CloudResponse.json(200, l.functions.getPolicy(c.qualified())))
            .add("DELETE", FUNCTION + "/policy/{StatementId}", "RemovePermission", (l, c) -> {
                l.functions.removePermission(c.qualified(), c.param("StatementId"), c.query("RevisionId"));
                return CloudResponse.empty(204);
            })
            .add("POST", FUNCTION + "/invocations", "Invoke", (l, c) -> l.invoke(c.request(), c.qualified()))
            // The model puts Get- under 2019-09-30 and Put-/Delete- under 2017-10-31; each is served under both.
            .add("PUT", "/2017-10-31/functions/{FunctionName}/concurrency", "PutFunctionConcurrency", LambdaService::putConcurrency)
            .add("PUT", "/2019-09-30/functions/{FunctionName}/concurrency", "PutFunctionConcurrency", LambdaService::putConcurrency)
            .add("GET", "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency",
                    (l, c) -> CloudResponse.json(200, l.functions.concurrency(c.function())))
            .add("GET", "/2017-10-31/functions/{FunctionName}/concurrency", "GetFunctionConcurrency",
                    (l, c) -> CloudResponse.json(200, l.functions.concurrency(c.function())))
            .add("DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency",
                    LambdaService::deleteConcurrency)
            .add("DELETE", "/2019-09-30/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency",
                    LambdaService::deleteConcurrency)
            .add("GET", "/2017-03-31/tags/{Resource}", "ListTags", (l, c) -> CloudResponse.json(200, l.functions.tags(tagged(c))))
            .add("POST", "/2017-03-31/tags/{Resource}", "TagResource", (l, c) -> {
                l.functions.tag(tagged(c), c.body());
                return CloudResponse.empty(204);
            })
            .add("DELETE", "/2017-03-31/tags/{Resource}", "UntagResource", (l, c) -> {
                l.functions.untag(tagged(c), c.request().query().getOrDefault("tagKeys", List.of()));
                return CloudResponse.empty(204);
            })
            .add("PUT", EVENT_INVOKE_CONFIG, "PutFunctionEventInvokeConfig",
                    (l, c) -> CloudResponse.json(200, l.eventInvokeConfigs.put(c.qualified(), c.body())))
            .add("GET", EVENT_INVOKE_CONFIG, "GetFunctionEventInvokeConfig",
                    (l, c) -> CloudResponse.json(200, l.eventInvokeConfigs.get(c.qualified(), c.request().region())))
            .add("POST", EVENT_INVOKE_CONFIG, "UpdateFunctionEventInvokeConfig",
                    (l, c) -> CloudResponse.json(200, l.eventInvokeConfigs.update(c.qualified(), c.body())))
            .add("DELETE", EVENT_INVOKE_CONFIG, "DeleteFunctionEventInvokeConfig", (l, c) -> {
                l.eventInvokeConfigs.delete(c.qualified(), c.request().region());
                return CloudResponse.empty(204);
            })
            .add("GET", EVENT_INVOKE_CONFIG + "/list", "ListFunctionEventInvokeConfigs", (l, c) -> CloudResponse.json(200,
                    l.eventInvokeConfigs.list(c.function(), c.query("Marker"), c.query("MaxItems"))))
            // Get and List share a path: List is the one with ?List=ALL, so it is routed first.
            .add("GET", PROVISIONED + "?List=ALL", "ListProvisionedConcurrencyConfigs",
                    (l, c) -> CloudResponse.json(200, l.provisioned.list(c.function(), c.query("Marker"), c.query("MaxItems"))))
            .add("GET", PROVISIONED, "GetProvisionedConcurrencyConfig", (l, c) -> CloudResponse.json(200, l.provisioned.get(c.qualified())))
            .add("PUT", PROVISIONED, "PutProvisionedConcurrencyConfig",
                    (l, c) -> CloudResponse.json(202, l.provisioned.put(c.qualified(), c.body())))
            .add("DELETE", PROVISIONED, "DeleteProvisionedConcurrencyConfig", (l, c) -> {
                l.provisioned.delete(c.qualified());
                return CloudResponse.empty(204);
            })
            .notServed("PUT", "/2020-06-30/functions/{FunctionName}/code-signing-config", "PutFunctionCodeSigningConfig")
            .notServed("DELETE", "/2020-06-30/functions/{FunctionName}/code-signing-config", "DeleteFunctionCodeSigningConfig")
            .add("GET", "/2020-06-30/functions/{FunctionName}/code-signing-config", "GetFunctionCodeSigningConfig",
                    (l, c) -> CloudResponse.json(200, l.settings.codeSigning(c.function())))
            .add("GET", "/2024-08-31/functions/{FunctionName}/recursion-config", "GetFunctionRecursionConfig",
                    (l, c) -> CloudResponse.json(200, l.settings.recursion(c.function())))
            .add("PUT", "/2024-08-31/functions/{FunctionName}/recursion-config", "PutFunctionRecursionConfig",
                    (l, c) -> CloudResponse.json(200, l.settings.putRecursion(c.function(), c.body())))
            .add("GET", "/2016-08-19/account-settings", "GetAccountSettings",
                    (l, c) -> CloudResponse.json(200, l.settings.account(l.slots.limits().account())))
            .add("POST", URL, "CreateFunctionUrlConfig", (l, c) -> CloudResponse.json(201, l.urls.create(c.qualified(), c.body())))
            .add("GET", URL, "GetFunctionUrlConfig", (l, c) -> CloudResponse.json(200, l.urls.get(c.qualified())))
            .add("PUT", URL, "UpdateFunctionUrlConfig", (l, c) -> CloudResponse.json(200, l.urls.update(c.qualified(), c.body())))
            .add("DELETE", URL, "DeleteFunctionUrlConfig", (l, c) -> {
                l.urls.delete(c.qualified());
                return CloudResponse.empty(204);
            })
            .add("GET", "/2021-10-31/functions/{FunctionName}/urls", "ListFunctionUrlConfigs", (l, c) -> CloudResponse.json(200,
                    l.urls.list(c.function(), c.query("Marker"), c.query("MaxItems"))))
            .notServed("POST", "/2014-11-13/functions/{FunctionName}/invoke-async", "InvokeAsync")
            .notServed("POST", "/2021-11-15/functions/{FunctionName}/response-streaming-invocations", "InvokeWithResponseStream")
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
        Optional<DataPlane> dataPlane = DataPlane.of(request.header("Host"), request.path());
        if (dataPlane.isPresent() && dataPlane.get().kind().functionUrl()) {
            return functionUrl(request, dataPlane.get());
        }
        // Where GetFunction's Code.Location points: lamb's stand-in for S3, not an operation of Lambda's API.
        if (dataPlane.isPresent() && dataPlane.get().kind() == DataPlane.Kind.CODE) {
            return code(dataPlane.get().id());
        }
        OperationTable.Routed<Handler> routed = OPERATIONS.route(request.method(), request.path(), request.query(), h -> false);
        return routed.handler().run(this, new Call(request, routed.params()));
    }

    /**
     * A function URL whose AuthType is AWS_IAM asks for lambda:InvokeFunctionUrl and lambda:InvokeFunction on its function
     * in this region, as Lambda's guide ("Control access to function URLs") gives it; one whose AuthType is NONE asks for nothing.
     */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        Optional<String> urlId = functionUrl(request);
        if (urlId.isPresent()) {
            return urls.target(urlId.get()).filter(t -> "AWS_IAM".equals(t.authType()))
                    .map(t -> LambdaIamActions.functionUrl(t.function(), region)).orElse(List.of());
        }
        return OPERATIONS.find(request.method(), request.path(), request.query(), h -> false).filter(r -> r.handler() != null)
                .map(r -> LambdaIamActions.of(r.operation(), r.params(), request))
                .orElse(List.of());
    }

    /** The id of the function URL a request is for, when it is for one. */
    private static Optional<String> functionUrl(CloudRequest request) {
        return DataPlane.of(request.header("Host"), request.path()).filter(p -> p.kind().functionUrl()).map(DataPlane::id);
    }

    /**
     * The region an unsigned request names itself: a function URL's in its Host ({@code <url-id>.lambda-url.<region>.localhost}),
     * a code download's in its path; empty for the others, which go to the region they are signed for.
     */
    public static Optional<String> dataPlaneRegion(CloudRequest request) {
        return DataPlane.of(request.header("Host"), request.path()).filter(p -> p.servedBy("lambda")).flatMap(DataPlane::region);
    }

    /**
     * A request to a function URL, let through as Lambda lets it: AWS_IAM takes requests signed for lambda in the URL's
     * region only (a role session's policies are checked before, by the cloud); NONE needs the resource policy to let
     * everyone call both lambda:InvokeFunctionUrl and lambda:InvokeFunction through the URL, as AddPermission makes them.
     */
    private CloudResponse functionUrl(CloudRequest request, DataPlane url) {
        String urlId = url.id();
        Optional<FunctionUrls.Target> target = urls.target(urlId);
        if (target.isEmpty()) {
            return CloudResponse.json(404, Map.of("Message", "No function URL " + urlId + " in lamb's local cloud"));
        }
        FunctionRef function = target.get().function();
        boolean iam = "AWS_IAM".equals(target.get().authType());
        // A signature is for one service in one region: the URL's, or Lambda answers 403 as it does an unsigned request.
        boolean allowed = iam ? request.scope() != null && "lambda".equals(request.scope().service())
                && url.region().orElse(region).equals(request.scope().region())
                : FunctionUrlRequests.isPublic(functions.policyStatements(function), LambdaIamActions.functionUrl(function, region), "NONE");
        Map<String, Object> cors = target.get().cors();
        String origin = request.header("Origin");
        if (cors != null && "OPTIONS".equals(request.method()) && request.header("Access-Control-Request-Method") != null) {
            return withHeaders(CloudResponse.empty(200), FunctionUrlRequests.corsHeaders(cors, origin, true));
        }
        if (!allowed) {
            return CloudResponse.json(403, Map.of("Message", "Forbidden"));
        }
        // The event's requestContext.requestId is the invocation's, the one in its log lines and x-amzn-RequestId.
        String requestId = UUID.randomUUID().toString();
        Functions.Resolved resolved = functions.resolveForInvoke(function);
        byte[] event = FunctionUrlRequests.event(request, url, requestId, iam ? request.scope() : null);
        CloudResponse response = "RESPONSE_STREAM".equals(target.get().invokeMode())
                ? streamed(resolved, event, function.qualifier(), requestId)
                : FunctionUrlRequests.response(run(resolved, event, function.qualifier(), requestId));
        return withHeaders(response.withHeader(CloudResponse.REQUEST_ID, requestId), FunctionUrlRequests.corsHeaders(cors, origin, false));
    }

    /**
     * A RESPONSE_STREAM URL's answer: the invocation runs on a thread of its own while the client gets what the function
     * writes, as it writes it; a function that does not stream is answered as a BUFFERED URL answers.
     */
    private CloudResponse streamed(Functions.Resolved resolved, byte[] event, String qualifier, String requestId) {
        StreamedUrlResponse stream = new StreamedUrlResponse();
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        Thread invocation = new Thread(() -> {
            boolean failed = true;
            try {
                InvocationResult ran = run(resolved, event, qualifier, requestId, stream);
                failed = ran.failed();
                result.complete(ran);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                stream.finish(failed);
            }
        }, "lamb-function-url-stream");
        invocation.setDaemon(true);
        invocation.start();
        try {
            Optional<CloudResponse> head = stream.head();
            return head.isPresent() ? head.get() : FunctionUrlRequests.response(result.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AwsServiceException.cloudStopping("ServiceException");
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static CloudResponse withHeaders(CloudResponse response, Map<String, String> headers) {
        CloudResponse out = response;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            out = out.withHeader(h.getKey(), h.getValue());
        }
        return out;
    }

    private CloudResponse putConcurrency(Call call) {
        return CloudResponse.json(200, functions.putConcurrency(call.function(), call.body(), slots.limits().account()));
    }

    private CloudResponse deleteConcurrency(Call call) {
        functions.deleteConcurrency(call.function());
        return CloudResponse.empty(204);
    }

    /** The function a tagging request's resource ARN names. */
    private static FunctionRef tagged(Call call) {
        return FunctionRef.inRegion(call.param("Resource"), call.request().region());
    }

    /** The zip {@code <sha256>.zip} of this service's region (the router's pick, from the path). */
    private CloudResponse code(String name) {
        String hex = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        if (!store.hasZip(hex)) {
            throw LambdaErrors.notFound("The resource you requested does not exist.");
        }
        return new CloudResponse(200, new LinkedHashMap<>(Map.of("Content-Type", "application/zip")), store.zip(hex));
    }

    /** Where the code of a function of the request's region is: unsigned, as a presigned URL is, so its path names the region. */
    private static String codeLocation(CloudRequest request) {
        String host = Optional.ofNullable(request.header("Host")).orElse("127.0.0.1");
        return "http://" + host + DataPlane.CODE_PATH + request.region() + "/";
    }

    private CloudResponse invoke(CloudRequest request, FunctionRef ref) {
        String type = Optional.ofNullable(request.header("X-Amz-Invocation-Type")).orElse("RequestResponse");
        if (!List.of("RequestResponse", "Event", "DryRun").contains(type)) {
            throw LambdaErrors.validation(type, "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        byte[] payload = request.body();
        if (payload.length > 0) {
            try {
                JSON.readTree(payload);
            } catch (IOException e) {
                throw new AwsServiceException(400, "InvalidRequestContentException",
                        "Could not parse request body into json: Could not parse payload into json: " + e.getMessage());
            }
        }
        Functions.Resolved resolved = functions.resolveForInvoke(ref);
        byte[] event = payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload;
        // Each response carries its invocation's request id, the one in its log lines, as on Lambda.
        switch (type) {
            case "DryRun":
                return CloudResponse.empty(204);
            case "Event":
                String qualifier = ref.qualifier() == null ? "$LATEST" : ref.qualifier();
                String queued = async.submit(ref, resolved.function().arn() + ":" + qualifier, event);
                return CloudResponse.empty(202).withHeader(CloudResponse.REQUEST_ID, queued);
            default:
                InvocationResult result = run(resolved, event, ref.qualifier());
                CloudResponse response = new CloudResponse(200,
                        new LinkedHashMap<>(Map.of("Content-Type", "application/json")), result.payload())
                        .withHeader("X-Amz-Executed-Version", resolved.executedVersion())
                        .withHeader(CloudResponse.REQUEST_ID, result.requestId());
                if (result.functionError() != null) {
                    response = response.withHeader("X-Amz-Function-Error", "Unhandled");
                }
                if ("Tail".equals(request.header("X-Amz-Log-Type"))) {
                    response = response.withHeader("X-Amz-Log-Result", tail(result.logText()));
                }
                return response;
        }
    }

    static String tail(String log) {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, bytes.length - TAIL_BYTES);
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, from, bytes.length));
    }

    /**
     * One attempt of an asynchronous invocation, which resolves the ref again, as each of Lambda's attempts does;
     * empty when the function has no instance free now (the event then waits in the queue, holding no thread).
     */
    private Optional<AsyncInvocations.Attempt> attempt(FunctionRef ref, byte[] event, String requestId) {
        Functions.Resolved resolved = functions.resolveForInvoke(ref);
        Optional<InvocationSlots.Slot> free = slots.tryTake(resolved.function().name, resolved.reservedConcurrency());
        if (free.isEmpty()) {
            return Optional.empty();
        }
        try (InvocationSlots.Slot slot = free.get()) {
            return Optional.of(new AsyncInvocations.Attempt(resolved.executedVersion(), runInSlot(resolved, event, ref.qualifier(), requestId,
                    null)));
        }
    }

    /** Runs a synchronous invocation, under a request id of its own, once a slot is free; throttled past the queue. */
    private InvocationResult run(Functions.Resolved resolved, byte[] event, String qualifier) {
        return run(resolved, event, qualifier, UUID.randomUUID().toString());
    }

    private InvocationResult run(Functions.Resolved resolved, byte[] event, String qualifier, String requestId) {
        return run(resolved, event, qualifier, requestId, null);
    }

    /** The same, with a streamed response sent to {@code stream} as it comes (null: buffered). */
    private InvocationResult run(Functions.Resolved resolved, byte[] event, String qualifier, String requestId, ResponseStream stream) {
        FunctionState fn = resolved.function();
        try (InvocationSlots.Slot slot = slots.take(fn.name, resolved.reservedConcurrency())) {
            return runInSlot(resolved, event, qualifier, requestId, stream);
        } catch (AwsServiceException e) {
            if (e.status() == 429) {
                LambdaThrottle throttle = new LambdaThrottle(fn.name, qualifier, clock.instant());
                throttleListeners.forEach(listener -> listener.accept(throttle));
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AwsServiceException.cloudStopping("ServiceException");
        }
    }

    /** Runs it as the invoker named it: the handler's context carries the qualifier it used. */
    private InvocationResult runInSlot(Functions.Resolved resolved, byte[] event, String qualifier, String requestId,
            ResponseStream stream) {
        FunctionState fn = resolved.function();
        FunctionVersion v = resolved.config();
        FunctionSpec spec = spec(fn, v, resolved.executedVersion());
        Instant started = clock.instant();
        int concurrent = slots.running(fn.name);
        InvokedAs invokedAs = InvokedAs.qualified(spec, qualifier).withRequestId(requestId).streamingTo(stream);
        ServedInvocation served = engine.serve(spec, event, invokedAs);
        InvocationResult result = served.result();
        LambdaInvocation.ProvisionedUse provisionedUse = provisioned.allocated(fn.name, qualifier).stream()
                .mapToObj(allocated -> new LambdaInvocation.ProvisionedUse(served.provisioned(), served.provisionedInUse(), allocated))
                .findFirst().orElse(null);
        LambdaInvocation done = new LambdaInvocation(fn.name, invokedAs.functionArn(), resolved.executedVersion(), v.logGroup(),
                "Active".equals(v.tracingMode()), started, result, qualifier, concurrent, provisionedUse);
        for (Consumer<LambdaInvocation> listener : listeners) {
            try {
                listener.accept(done);
            } catch (RuntimeException e) {
                // a watcher's failure must not fail the invocation it watches
            }
        }
        return result;
    }

    /**
     * What the engine runs for one version of a function: the same for an invocation and for provisioned instances. The
     * last one made is made again only when something it is made of changed (a version is immutable), so that
     * invocations of one function hand the engine the same spec, which it finds its instances by without hashing it.
     */
    private FunctionSpec spec(FunctionState fn, FunctionVersion v, String executedVersion) {
        Path taskRoot = store.taskRoot(v.codeHex());
        LastSpec last = lastSpec;
        if (last != null && last.version() == v && Objects.equals(last.name(), fn.name) && Objects.equals(last.region(), fn.region)
                && Objects.equals(last.executedVersion(), executedVersion) && last.taskRoot().equals(taskRoot)) {
            return last.spec();
        }
        FunctionSpec spec = new FunctionSpec(fn.name, v.runtime(), v.handler() == null ? "" : v.handler(), taskRoot,
                v.memorySize(), v.timeout(), v.environment(), fn.region,
                "JSON".equals(v.logFormat()) ? FunctionSpec.LogFormat.JSON : FunctionSpec.LogFormat.TEXT, executedVersion, v.role());
        lastSpec = new LastSpec(v, fn.name, fn.region, executedVersion, taskRoot, spec);
        return spec;
    }

    private record LastSpec(FunctionVersion version, String name, String region, String executedVersion, Path taskRoot,
            FunctionSpec spec) {}

    /** Functions call this cloud, as on AWS they call AWS: AWS_ENDPOINT_URL, which the SDKs read, points here. */
    @Override
    public void servedAt(String endpoint) {
        engine.functionsEndpoint(endpoint);
        urls.servedAt(endpoint);
    }

    /** Lambda's errors carry their kind too: User for the caller's mistakes, Service for Lambda's own. */
    @Override
    public CloudResponse error(AwsServiceException e) {
        return AwsService.jsonError(e.with("Type", e.status() >= 500 ? "Service" : "User"));
    }

    /** Also stops the engine's instances (the functions this service ran) and syncs the functions' last changes. */
    @Override
    public void close() {
        async.close();
        provisioned.close();
        engine.close();
        store.close();
    }
}
