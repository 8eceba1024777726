package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.PayloadLimits;
import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.BodyLimit;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.Faults;
import dev.lamb.local.cloud.InvocationLimits;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;

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
    /** Where GetFunction's Code.Location points: open, as S3's presigned URL is, and named by the zip's SHA-256. */
    public static final String CODE_PATH = "/2015-03-31/_lamb/code/";

    private final FunctionStore store;
    private final Functions functions;
    private final LocalEngine engine;
    private final ExecutorService background;
    private final InvocationSlots slots;
    private final List<Consumer<LambdaInvocation>> listeners = new CopyOnWriteArrayList<>();
    private volatile Faults faults;
    private volatile Function<String, Optional<Instant>> roleCreatedAt = arn -> Optional.empty();

    public LambdaService(Path dataDir, LocalEngine engine, Predicate<String> roleExists, Duration stateDelay) {
        this(dataDir, engine, roleExists, stateDelay, InvocationLimits.defaults());
    }

    public LambdaService(Path dataDir, LocalEngine engine, Predicate<String> roleExists, Duration stateDelay,
            InvocationLimits limits) {
        this.slots = new InvocationSlots(limits);
        this.store = new FunctionStore(dataDir, new CodeUnpacker());
        this.functions = new Functions(store, role -> assumable(role) && roleExists.test(role), stateDelay);
        this.engine = engine;
        this.background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lamb-lambda-event");
            t.setDaemon(true);
            return t;
        });
    }

    /** How long a function stays Pending after create and InProgress after an update, unless told otherwise. */
    public static Duration defaultStateDelay() {
        return Duration.ofSeconds(1);
    }

    @Override
    public String signingName() {
        return "lambda";
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
        return f == null || !f.roleUnassumable(roleCreatedAt.apply(role).orElse(null));
    }

    /** Hears of every finished invocation, synchronous or not (for the Logs and X-Ray services). */
    @Override
    public Map<String, Integer> counts() {
        return Map.of("functions", functions.count());
    }

    public void onInvocation(Consumer<LambdaInvocation> listener) {
        listeners.add(listener);
    }

    /**
     * Invokes a function synchronously as another service of the local cloud does (API Gateway's
     * Lambda proxy integration): name or ARN, with an optional qualifier.
     */
    public InvocationResult invoke(String function, byte[] event) {
        return run(functions.resolveForInvoke(FunctionRef.parse(function)), event, false);
    }

    /** The function's resource-policy statements (for the given qualifier), as AddPermission made them. */
    public List<Map<String, Object>> policyStatements(String function) {
        return functions.policyStatements(FunctionRef.parse(function));
    }

    /** Lambda's limits on request bodies, with the errors and messages Lambda answers past them. */
    @Override
    public BodyLimit bodyLimit(CloudRequest head) {
        String path = head.path();
        if (head.method().equals("POST") && path.endsWith("/invocations")) {
            if ("Event".equals(head.header("X-Amz-Invocation-Type"))) {
                return new BodyLimit(PayloadLimits.ASYNC_BYTES, size -> LambdaErrors.tooLarge(size
                        + " byte payload is too large for the Event invocation type (limit " + PayloadLimits.ASYNC_BYTES + " bytes)"));
            }
            return tooLargeFor(PayloadLimits.SYNC_BYTES, "InvokeFunction");
        }
        if (head.method().equals("POST") && path.matches("/2015-03-31/functions/?")) {
            return tooLargeFor(MAX_CREATE_REQUEST, "CreateFunction");
        }
        if (head.method().equals("PUT") && path.endsWith("/code")) {
            return tooLargeFor(MAX_UPDATE_CODE_REQUEST, "UpdateFunctionCode");
        }
        return BodyLimit.DEFAULT;
    }

    private static BodyLimit tooLargeFor(int bytes, String operation) {
        return BodyLimit.of(bytes, LambdaErrors.tooLarge("Request must be smaller than " + bytes + " bytes for the "
                + operation + " operation"));
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        String[] parts = Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String method = request.method();
        if (parts.length >= 2 && parts[0].equals("2017-03-31") && parts[1].equals("tags")) {
            return tags(request, method, String.join("/", Arrays.copyOfRange(parts, 2, parts.length)));
        }
        if (parts.length == 4 && List.of("2017-10-31", "2019-09-30").contains(parts[0]) && parts[1].equals("functions")
                && parts[3].equals("concurrency")) {
            return concurrency(request, FunctionRef.parse(parts[2]));
        }
        if (request.path().startsWith(CODE_PATH)) {
            return code(request.path().substring(CODE_PATH.length()));
        }
        if (parts.length < 2 || !parts[0].equals("2015-03-31") || !parts[1].equals("functions")) {
            throw AwsServiceException.notImplemented("Lambda", method + " " + request.path());
        }
        if (parts.length == 2) {
            return switch (method) {
                case "POST" -> CloudResponse.json(201, functions.create(body(request), request.region()));
                case "GET" -> CloudResponse.json(200, functions.list(request.queryParam("Marker"),
                        request.queryParam("MaxItems"), "ALL".equals(request.queryParam("FunctionVersion"))));
                default -> throw AwsServiceException.notImplemented("Lambda", method + " " + request.path());
            };
        }
        FunctionRef ref = FunctionRef.parse(parts[2]).withQualifier(request.queryParam("Qualifier"));
        String sub = parts.length > 3 ? parts[3] : "";
        String op = method + " " + sub + (parts.length > 4 ? "/*" : "") + (parts.length > 5 ? "/..." : "");
        return switch (op) {
            case "GET " -> CloudResponse.json(200, functions.get(ref, codeLocation(request)));
            case "DELETE " -> {
                functions.delete(ref);
                yield CloudResponse.empty(204);
            }
            case "GET configuration" -> CloudResponse.json(200, functions.configuration(ref));
            case "PUT configuration" -> CloudResponse.json(200, functions.updateConfiguration(ref, body(request)));
            case "PUT code" -> CloudResponse.json(200, functions.updateCode(ref, body(request)));
            case "POST versions" -> CloudResponse.json(201, functions.publishVersion(ref, body(request)));
            case "GET versions" -> CloudResponse.json(200,
                    functions.listVersions(ref, request.queryParam("Marker"), request.queryParam("MaxItems")));
            case "POST aliases" -> CloudResponse.json(201, functions.createAlias(ref, body(request)));
            case "GET aliases" -> CloudResponse.json(200,
                    functions.listAliases(ref, request.queryParam("Marker"), request.queryParam("MaxItems")));
            case "GET aliases/*" -> CloudResponse.json(200, functions.getAlias(ref, parts[4]));
            case "PUT aliases/*" -> CloudResponse.json(200, functions.updateAlias(ref, parts[4], body(request)));
            case "DELETE aliases/*" -> {
                functions.deleteAlias(ref, parts[4]);
                yield CloudResponse.empty(204);
            }
            case "POST policy" -> CloudResponse.json(201, functions.addPermission(ref, body(request)));
            case "GET policy" -> CloudResponse.json(200, functions.getPolicy(ref));
            case "DELETE policy/*" -> {
                functions.removePermission(ref, parts[4], request.queryParam("RevisionId"));
                yield CloudResponse.empty(204);
            }
            case "POST invocations" -> invoke(request, ref);
            default -> throw AwsServiceException.notImplemented("Lambda", operationName(method, sub));
        };
    }

    private static String operationName(String method, String sub) {
        return switch (sub) {
            case "url" -> "FunctionUrlConfig";
            case "event-invoke-config" -> "FunctionEventInvokeConfig";
            case "provisioned-concurrency" -> "ProvisionedConcurrencyConfig";
            case "code-signing-config" -> "FunctionCodeSigningConfig";
            case "invoke-async" -> "InvokeAsync";
            case "response-streaming-invocations" -> "InvokeWithResponseStream";
            default -> method + " functions/{FunctionName}/" + sub;
        };
    }

    /** Put-, Get- and DeleteFunctionConcurrency, under the API versions the service model gives them. */
    private CloudResponse concurrency(CloudRequest request, FunctionRef ref) {
        return switch (request.method()) {
            case "PUT" -> CloudResponse.json(200, functions.putConcurrency(ref, body(request), slots.limits().account()));
            case "GET" -> CloudResponse.json(200, functions.concurrency(ref));
            case "DELETE" -> {
                functions.deleteConcurrency(ref);
                yield CloudResponse.empty(204);
            }
            default -> throw AwsServiceException.notImplemented("Lambda", request.method() + " concurrency");
        };
    }

    private CloudResponse tags(CloudRequest request, String method, String arn) {
        FunctionRef ref = FunctionRef.parse(arn);
        return switch (method) {
            case "GET" -> CloudResponse.json(200, functions.tags(ref));
            case "POST" -> {
                functions.tag(ref, body(request));
                yield CloudResponse.empty(204);
            }
            case "DELETE" -> {
                functions.untag(ref, request.query().getOrDefault("tagKeys", List.of()));
                yield CloudResponse.empty(204);
            }
            default -> throw AwsServiceException.notImplemented("Lambda", method + " tags");
        };
    }

    private CloudResponse code(String file) {
        String hex = file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
        if (!store.hasZip(hex)) {
            throw LambdaErrors.notFound("The resource you requested does not exist.");
        }
        return new CloudResponse(200, new LinkedHashMap<>(Map.of("Content-Type", "application/zip")), store.zip(hex));
    }

    private static String codeLocation(CloudRequest request) {
        String host = Optional.ofNullable(request.header("Host")).orElse("127.0.0.1");
        return "http://" + host + CODE_PATH;
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
        switch (type) {
            case "DryRun":
                return CloudResponse.empty(204);
            case "Event":
                background.submit(() -> {
                    try {
                        run(resolved, event, true);
                    } catch (RuntimeException e) {
                        // an asynchronous invocation's failure is the function's own business, as on Lambda
                    }
                });
                return CloudResponse.empty(202);
            default:
                InvocationResult result = run(resolved, event, false);
                CloudResponse response = new CloudResponse(200,
                        new LinkedHashMap<>(Map.of("Content-Type", "application/json")), result.payload())
                        .withHeader("X-Amz-Executed-Version", resolved.executedVersion());
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

    /** Runs the invocation once a slot is free: waiting as long as that takes if queued, else throttled past the queue. */
    private InvocationResult run(Functions.Resolved resolved, byte[] event, boolean queued) {
        FunctionState fn = resolved.function();
        try (InvocationSlots.Slot slot = queued ? slots.takeEventually(fn.name, resolved.reservedConcurrency())
                : slots.take(fn.name, resolved.reservedConcurrency())) {
            return runInSlot(resolved, event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsServiceException(503, "ServiceException", "lamb's local cloud is stopping");
        }
    }

    private InvocationResult runInSlot(Functions.Resolved resolved, byte[] event) {
        FunctionState fn = resolved.function();
        FunctionVersion v = resolved.config();
        FunctionSpec spec = new FunctionSpec(fn.name, v.runtime(), v.handler() == null ? "" : v.handler(),
                store.taskRoot(v.codeHex()), v.memorySize(), v.timeout(), v.environment(), fn.region,
                "JSON".equals(v.logFormat()) ? FunctionSpec.LogFormat.JSON : FunctionSpec.LogFormat.TEXT,
                resolved.executedVersion());
        Instant started = Instant.now();
        InvocationResult result = engine.invoke(spec, event);
        LambdaInvocation done = new LambdaInvocation(fn.name, fn.arn(), resolved.executedVersion(), v.logGroup(),
                "Active".equals(v.tracingMode()), started, result);
        for (Consumer<LambdaInvocation> listener : listeners) {
            try {
                listener.accept(done);
            } catch (RuntimeException e) {
                // a watcher's failure must not fail the invocation it watches
            }
        }
        return result;
    }

    private static JsonNode body(CloudRequest request) {
        if (request.body().length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            return node == null || !node.isObject() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (IOException e) {
            throw new AwsServiceException(400, "InvalidRequestContentException", "Could not parse request body into json");
        }
    }

    /** Functions call this cloud, as on AWS they call AWS: AWS_ENDPOINT_URL, which the SDKs read, points here. */
    @Override
    public void servedAt(String endpoint) {
        engine.functionsEndpoint(endpoint);
    }

    /** Lambda's errors carry their kind too: User for the caller's mistakes, Service for Lambda's own. */
    @Override
    public CloudResponse error(AwsServiceException e) {
        return AwsService.jsonError(e.with("Type", e.status() >= 500 ? "Service" : "User"));
    }

    /** Also stops the engine's instances: the functions this service ran. */
    @Override
    public void close() {
        background.shutdownNow();
        engine.close();
    }
}
