package dev.lamb.local.cloud.apigateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.apigateway.GatewayResponse;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.apigateway.ProxyIntegration;
import dev.lamb.local.apigateway.ProxyRequest;
import dev.lamb.local.apigateway.RouteKey;
import dev.lamb.local.apigateway.Routes;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.DataPlane;
import dev.lamb.local.cloud.lambda.LambdaService;

/**
 * API Gateway's data plane (execute-api): a request to a stage is routed through the stage's deployed
 * snapshot to a resource and method, turned into a Lambda proxy event, sent to the function, and the
 * function's proxy response turned back into the HTTP answer. A request reaches it as
 * {@code http://<api>.execute-api[.<region>].localhost/<stage>/<path>} or {@code /restapis/<api>/<stage>/_user_request_/<path>}.
 */
final class ExecuteApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FUNCTION_REGION = Pattern.compile("^arn:aws[a-zA-Z-]*:lambda:([^:]+):");
    private static final int DEFAULT_TIMEOUT_MILLIS = 29000;

    /** The API, stage and path a data-plane request addresses. */
    record Target(String apiId, String stage, String path) {}

    /** The deployed resource and method a request reaches, with its path parameters. */
    record Route(Resource resource, Method method, Map<String, String> params) {}

    private final RestApis apis;
    private final Function<String, LambdaService> lambdaIn;
    private final Duration integrationTimeout;
    private final ExecutorService invocations;

    /** {@code lambdaIn} gives each region's Lambda: an integration invokes its function in the region its ARN names. */
    ExecuteApi(RestApis apis, Function<String, LambdaService> lambdaIn, Duration integrationTimeout) {
        this.apis = apis;
        this.lambdaIn = lambdaIn;
        this.integrationTimeout = integrationTimeout;
        this.invocations = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lamb-apigateway-invoke");
            t.setDaemon(true);
            return t;
        });
    }

    /** The API, stage and path the request is for, if it is a data-plane request at all (as {@link DataPlane} tells). */
    static Optional<Target> target(CloudRequest request) {
        return DataPlane.of(request.header("Host"), request.path()).filter(p -> p.servedBy("apigateway")).map(p -> {
            String rest = p.path().startsWith("/") ? p.path().substring(1) : p.path();
            int slash = rest.indexOf('/');
            String stage = slash < 0 ? rest : rest.substring(0, slash);
            return new Target(p.id(), stage, slash < 0 ? "/" : rest.substring(slash));
        });
    }

    /**
     * The stage's answer to the request; a request to a deployed stage is told to {@code onRequest} with its status and
     * latencies, as API Gateway counts it in CloudWatch.
     */
    CloudResponse handle(CloudRequest request, Target target, Consumer<ApiRequest> onRequest) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        AtomicLong integrationNanos = new AtomicLong(-1);
        Optional<RestApis.Deployed> deployed = apis.deployed(target.apiId(), target.stage());
        CloudResponse response = handle(request, target, deployed, integrationNanos);
        if (deployed.isPresent()) {
            long integration = integrationNanos.get();
            onRequest.accept(new ApiRequest(deployed.get().apiName(), target.stage(), started, response.status(),
                    (System.nanoTime() - start) / 1e6, integration < 0 ? null : integration / 1e6));
        }
        return response;
    }

    private CloudResponse handle(CloudRequest request, Target target, Optional<RestApis.Deployed> deployed, AtomicLong integrationNanos) {
        Optional<Route> found = deployed.flatMap(d -> route(d.snapshot(), request.method(), target.path()));
        if (found.isEmpty()) {
            return cloudResponse(GatewayResponse.missingRoute().forMethod(request.method()));
        }
        Route route = found.get();
        Integration integration = route.method().methodIntegration();
        if (integration == null || !"AWS_PROXY".equals(integration.type()) || !"POST".equals(integration.httpMethod())) {
            return cloudResponse(GatewayResponse.integrationBroken());
        }
        Optional<String> resolved = StageVariables.resolve(integration.uri(), deployed.get().variables());
        Matcher uri = RestApis.LAMBDA_URI.matcher(resolved.orElse(""));
        if (resolved.isEmpty() || !uri.matches()) {
            return cloudResponse(GatewayResponse.integrationBroken());
        }
        String function = uri.group(2);
        String resourcePath = route.resource().path();
        Matcher arn = FUNCTION_REGION.matcher(function);
        LambdaService lambda;
        try {
            lambda = lambdaIn.apply(arn.find() ? arn.group(1) : deployed.get().region());
        } catch (AwsServiceException e) {
            return cloudResponse(GatewayResponse.integrationBroken());
        }
        if (!permitted(lambda, function, InvokePermission.sourceArns(deployed.get().region(), target.apiId(), target.stage(),
                request.method(), target.path(), resourcePath))) {
            return cloudResponse(GatewayResponse.integrationBroken());
        }
        byte[] event = event(request, target, route, deployed.get());
        long timeout = Math.min(integrationTimeout.toMillis(),
                integration.timeoutInMillis() > 0 ? integration.timeoutInMillis() : DEFAULT_TIMEOUT_MILLIS);
        InvocationResult result;
        long invoked = System.nanoTime();
        try {
            result = ProxyIntegration.within(Duration.ofMillis(timeout), invocations, () -> lambda.invoke(function, event));
            integrationNanos.set(System.nanoTime() - invoked);
        } catch (TimeoutException e) {
            return cloudResponse(GatewayResponse.timedOut());
        } catch (AwsServiceException e) {
            // AccessDenied-like failures answer 500, any other failed invoke 502.
            return cloudResponse(e.status() == 404 ? GatewayResponse.integrationBroken() : GatewayResponse.functionFailed());
        } catch (RuntimeException e) {
            return cloudResponse(GatewayResponse.functionFailed());
        }
        return response(request, result);
    }

    /** The deployed resource and method for the request, as {@link Routes} picks it. */
    static Optional<Route> route(Map<String, Resource> snapshot, String httpMethod, String path) {
        Map<String, Resource> byPath = new LinkedHashMap<>();
        List<RouteKey> keys = new ArrayList<>();
        for (Resource r : snapshot.values()) {
            byPath.put(r.path(), r);
            r.resourceMethods().keySet().forEach(method -> keys.add(new RouteKey(method, r.path())));
        }
        return new Routes(keys).match(httpMethod, path).map(m -> {
            Resource resource = byPath.get(m.route().resource());
            return new Route(resource, resource.resourceMethods().get(m.route().method()), m.pathParameters());
        });
    }

    /**
     * The Lambda proxy event for the request, with this deployment's and resource's ids (ProxyEvent leaves
     * placeholders), the stage's variables (null when it has none, as API Gateway sends them) and, for a
     * request to an execute-api host, that host as the domain name.
     */
    static byte[] event(CloudRequest request, Target target, Route route, RestApis.Deployed deployed) {
        String sourceIp = sourceIp(request);
        byte[] event = ProxyEvent.build(new ProxyRequest(request.method(), target.path(), route.resource().path(),
                route.params(), request.query(), ProxyIntegration.eventHeaders(request.headers(), sourceIp, null),
                request.body(), target.stage(), target.apiId(), sourceIp));
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(event);
            ObjectNode context = (ObjectNode) node.get("requestContext");
            context.put("deploymentId", deployed.deploymentId());
            node.set("stageVariables", deployed.variables().isEmpty() ? null : JSON.valueToTree(deployed.variables()));
            context.put("resourceId", route.resource().id());
            String host = request.header("Host");
            if (DataPlane.of(host, request.path()).filter(p -> p.kind() == DataPlane.Kind.EXECUTE_API_HOST).isPresent()) {
                context.put("domainName", host.contains(":") ? host.substring(0, host.indexOf(':')) : host);
            }
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The function's proxy response as the HTTP answer; anything that is not one is a 502. */
    static CloudResponse response(CloudRequest request, InvocationResult result) {
        return cloudResponse(ProxyIntegration.respond(result, line -> {}).forMethod(request.method()));
    }

    /** The local cloud answers with one value per header, so repeated values go comma-separated. */
    private static CloudResponse cloudResponse(GatewayResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        return new CloudResponse(response.status(), headers, response.body());
    }

    private static boolean permitted(LambdaService lambda, String function, List<String> sourceArns) {
        try {
            return InvokePermission.allows(lambda.policyStatements(function), sourceArns);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String sourceIp(CloudRequest request) {
        String forwarded = request.header("X-Forwarded-For");
        return forwarded == null ? "127.0.0.1" : forwarded.split(",")[0].trim();
    }

    @Override
    public void close() {
        invocations.shutdownNow();
    }
}
