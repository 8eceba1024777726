package dev.lamb.local.cloud.apigateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.local.apigateway.HeaderNames;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.apigateway.ProxyRequest;
import dev.lamb.local.apigateway.RouteTemplate;
import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.DurableFiles;
import dev.lamb.local.cloud.lambda.LambdaService;

/**
 * The local cloud's API Gateway (REST API v1, rest-json 2015-07-09): the control plane over REST APIs,
 * resources, methods, Lambda proxy integrations, deployments and stages, persisted under
 * {@code <dataDir>/apigateway/}, and the data plane, which routes a request through the deployed
 * snapshot of a stage to its Lambda function as API Gateway's Lambda proxy integration does.
 */
public final class ApiGatewayService implements AwsService {
    static final String ACCOUNT = "000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("^([a-z0-9]+)\\.execute-api\\..*");
    private static final Pattern LAMBDA_URI =
            Pattern.compile("^arn:aws:apigateway:([^:]+):lambda:path/2015-03-31/functions/(.+)/invocations$");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY");
    private static final Set<String> DROPPED = Set.of("content-length", "connection", "transfer-encoding", "keep-alive");

    private final Path file;
    private final LambdaService lambda;
    private final Duration integrationTimeout;
    private final ExecutorService invocations;
    /** {apiId: {api, region, resources{id: resource}, deployments{id: deployment}, stages{name: stage}}} */
    private final ObjectNode state;

    public ApiGatewayService(Path dataDir, LambdaService lambda) {
        this(dataDir, lambda, Duration.ofSeconds(29));
    }

    ApiGatewayService(Path dataDir, LambdaService lambda, Duration integrationTimeout) {
        this.file = dataDir.resolve("apigateway").resolve("apis.json");
        this.lambda = lambda;
        this.integrationTimeout = integrationTimeout;
        this.invocations = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lamb-apigateway-invoke");
            t.setDaemon(true);
            return t;
        });
        this.state = load();
    }

    @Override
    public Map<String, Integer> counts() {
        synchronized (this) {
            return Map.of("apis", state.size());
        }
    }

    @Override
    public String signingName() {
        return "apigateway";
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", e.getMessage());
        CloudResponse response = CloudResponse.json(e.status(), body).withHeader("x-amzn-ErrorType", e.code());
        return e.status() == 429 ? response.withHeader("Retry-After", "1") : response;
    }

    @Override
    public void close() {
        invocations.shutdownNow();
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        String host = request.header("Host");
        Matcher hostMatch = host == null ? null : EXECUTE_API_HOST.matcher(host);
        if (hostMatch != null && hostMatch.matches()) {
            String path = request.path();
            String rest = path.startsWith("/") ? path.substring(1) : path;
            int slash = rest.indexOf('/');
            String stage = slash < 0 ? rest : rest.substring(0, slash);
            return execute(request, hostMatch.group(1), stage, slash < 0 ? "/" : rest.substring(slash));
        }
        String[] parts = Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (parts.length >= 4 && parts[0].equals("restapis") && parts[3].equals("_user_request_")) {
            String prefix = "/restapis/" + parts[1] + "/" + parts[2] + "/_user_request_";
            String path = request.path().length() > prefix.length() ? request.path().substring(prefix.length()) : "/";
            return execute(request, parts[1], parts[2], path.isEmpty() ? "/" : path);
        }
        if (parts.length >= 1 && parts[0].equals("tags")) {
            return tags(request, request.path().substring(request.path().indexOf("/tags/") + 6));
        }
        if (parts.length == 0 || !parts[0].equals("restapis")) {
            throw notImplemented(request.method() + " " + request.path());
        }
        return controlPlane(request, parts);
    }

    // ---------------------------------------------------------------- control plane

    private synchronized CloudResponse controlPlane(CloudRequest request, String[] p) {
        String m = request.method();
        if (p.length == 1) {
            return switch (m) {
                case "POST" -> createRestApi(request);
                case "GET" -> getRestApis(request);
                default -> throw notImplemented(m + " /restapis");
            };
        }
        String apiId = p[1];
        ObjectNode api = api(apiId);
        if (p.length == 2) {
            return switch (m) {
                case "GET" -> CloudResponse.json(200, api.get("api"));
                case "DELETE" -> {
                    state.remove(apiId);
                    save();
                    yield CloudResponse.empty(202);
                }
                default -> throw notImplemented("UpdateRestApi");
            };
        }
        switch (p[2]) {
            case "resources":
                return resources(request, api, p);
            case "deployments":
                if (p.length == 3 && m.equals("POST")) {
                    return createDeployment(request, api);
                }
                if (p.length == 3 && m.equals("GET")) {
                    ArrayNode items = JSON.createArrayNode();
                    api.with("deployments").forEach(d -> items.add(deploymentView(d)));
                    return CloudResponse.json(200, JSON.createObjectNode().set("item", items));
                }
                if (p.length == 4 && m.equals("GET")) {
                    JsonNode d = api.with("deployments").get(p[3]);
                    if (d == null) {
                        throw notFound("Invalid Deployment identifier specified");
                    }
                    return CloudResponse.json(200, deploymentView(d));
                }
                throw notImplemented(m.equals("DELETE") ? "DeleteDeployment" : "UpdateDeployment");
            case "stages":
                return stages(request, api, p);
            default:
                throw notImplemented(m + " /restapis/{id}/" + p[2]);
        }
    }

    private CloudResponse createRestApi(CloudRequest request) {
        JsonNode body = body(request);
        String name = body.path("name").asText("");
        if (name.isEmpty()) {
            throw badRequest("Invalid REST API name specified");
        }
        String id = newId();
        String rootId = newId();
        ObjectNode api = JSON.createObjectNode();
        api.put("id", id);
        api.put("name", name);
        if (body.hasNonNull("description")) {
            api.put("description", body.get("description").asText());
        }
        api.put("createdDate", now());
        if (body.has("binaryMediaTypes")) {
            api.set("binaryMediaTypes", body.get("binaryMediaTypes"));
        }
        api.put("apiKeySource", body.path("apiKeySource").asText("HEADER"));
        ObjectNode endpoint = api.putObject("endpointConfiguration");
        JsonNode types = body.path("endpointConfiguration").path("types");
        if (types.isArray() && types.size() > 0) {
            for (JsonNode t : types) {
                if (!Set.of("EDGE", "REGIONAL", "PRIVATE").contains(t.asText())) {
                    throw badRequest("Invalid endpoint configuration type: " + t.asText());
                }
            }
            endpoint.set("types", types);
        } else {
            endpoint.putArray("types").add("EDGE");
        }
        endpoint.put("ipAddressType", "ipv4");
        api.put("disableExecuteApiEndpoint", body.path("disableExecuteApiEndpoint").asBoolean(false));
        api.put("rootResourceId", rootId);
        if (body.path("tags").isObject() && body.get("tags").size() > 0) {
            api.set("tags", body.get("tags"));
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.set("api", api);
        entry.put("region", request.region());
        ObjectNode root = entry.putObject("resources").putObject(rootId);
        root.put("id", rootId);
        root.put("path", "/");
        entry.putObject("deployments");
        entry.putObject("stages");
        state.set(id, entry);
        save();
        return CloudResponse.json(201, api);
    }

    private CloudResponse getRestApis(CloudRequest request) {
        List<JsonNode> all = new ArrayList<>();
        state.forEach(e -> all.add(e.get("api")));
        return page(request, all);
    }

    private CloudResponse resources(CloudRequest request, ObjectNode api, String[] p) {
        String m = request.method();
        ObjectNode resources = api.with("resources");
        if (p.length == 3) {
            if (!m.equals("GET")) {
                throw notImplemented(m + " resources");
            }
            boolean embed = "methods".equals(request.queryParam("embed"));
            List<JsonNode> all = new ArrayList<>();
            resources.forEach(r -> all.add(resourceView(r, embed)));
            return page(request, all);
        }
        ObjectNode resource = resource(resources, p[3]);
        if (p.length == 4) {
            switch (m) {
                case "GET":
                    return CloudResponse.json(200, resourceView(resource, "methods".equals(request.queryParam("embed"))));
                case "POST":
                    return createResource(request, api, resources, resource);
                case "DELETE":
                    if (resource.path("path").asText().equals("/")) {
                        throw badRequest("Cannot delete the root resource");
                    }
                    deleteTree(resources, resource.get("id").asText());
                    save();
                    return CloudResponse.empty(202);
                default:
                    throw notImplemented("UpdateResource");
            }
        }
        if (p.length >= 6 && p[4].equals("methods")) {
            String httpMethod = p[5].toUpperCase(Locale.ROOT);
            if (p.length == 6) {
                return method(request, resource, httpMethod);
            }
            if (p.length == 7 && p[6].equals("integration")) {
                return integration(request, api, resource, httpMethod);
            }
            if (p.length >= 7 && p[6].equals("responses")) {
                throw notImplemented(m.equals("PUT") ? "PutMethodResponse" : "MethodResponse");
            }
            if (p.length >= 8 && p[7].equals("responses")) {
                throw notImplemented(m.equals("PUT") ? "PutIntegrationResponse" : "IntegrationResponse");
            }
        }
        throw notImplemented(m + " " + request.path());
    }

    private CloudResponse createResource(CloudRequest request, ObjectNode api, ObjectNode resources, ObjectNode parent) {
        String pathPart = body(request).path("pathPart").asText("");
        if (pathPart.isEmpty() || pathPart.contains("/")
                || !pathPart.matches("[A-Za-z0-9._:@&=+$,;~!*'()-]+|\\{[A-Za-z0-9._-]+\\+?}")) {
            throw badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
        }
        String parentId = parent.get("id").asText();
        for (JsonNode r : resources) {
            if (parentId.equals(r.path("parentId").asText(null))) {
                String other = r.path("pathPart").asText();
                if (other.equals(pathPart)) {
                    throw new AwsServiceException(409, "ConflictException",
                            "Another resource with the same parent already has this name: " + pathPart);
                }
                if (other.startsWith("{") && pathPart.startsWith("{")) {
                    throw badRequest("A sibling (" + other + ") of this resource already has a variable path part -- only one is allowed");
                }
            }
        }
        if (parent.path("pathPart").asText("").endsWith("+}")) {
            throw badRequest("Cannot create a child of a resource with a greedy path variable: " + parent.path("pathPart").asText());
        }
        String id = newId();
        ObjectNode resource = resources.putObject(id);
        resource.put("id", id);
        resource.put("parentId", parentId);
        resource.put("pathPart", pathPart);
        String parentPath = parent.get("path").asText();
        resource.put("path", (parentPath.equals("/") ? "" : parentPath) + "/" + pathPart);
        save();
        return CloudResponse.json(201, resourceView(resource, false));
    }

    private static void deleteTree(ObjectNode resources, String id) {
        List<String> children = new ArrayList<>();
        resources.forEach(r -> {
            if (id.equals(r.path("parentId").asText(null))) {
                children.add(r.get("id").asText());
            }
        });
        children.forEach(c -> deleteTree(resources, c));
        resources.remove(id);
    }

    private CloudResponse method(CloudRequest request, ObjectNode resource, String httpMethod) {
        ObjectNode methods = resource.with("resourceMethods");
        switch (request.method()) {
            case "PUT": {
                if (!METHODS.contains(httpMethod)) {
                    throw badRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
                }
                JsonNode body = body(request);
                String auth = body.path("authorizationType").asText("");
                if (!Set.of("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS").contains(auth)) {
                    throw badRequest("Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS");
                }
                ObjectNode method = JSON.createObjectNode();
                method.put("httpMethod", httpMethod);
                method.put("authorizationType", auth);
                method.put("apiKeyRequired", body.path("apiKeyRequired").asBoolean(false));
                for (String key : List.of("requestParameters", "requestModels", "operationName", "authorizerId", "requestValidatorId")) {
                    if (body.hasNonNull(key)) {
                        method.set(key, body.get(key));
                    }
                }
                methods.set(httpMethod, method);
                save();
                return CloudResponse.json(201, method);
            }
            case "GET":
                return CloudResponse.json(200, method(resource, httpMethod));
            case "DELETE":
                method(resource, httpMethod);
                methods.remove(httpMethod);
                save();
                return CloudResponse.empty(204);
            default:
                throw notImplemented("UpdateMethod");
        }
    }

    private static ObjectNode method(ObjectNode resource, String httpMethod) {
        JsonNode method = resource.path("resourceMethods").get(httpMethod);
        if (method == null) {
            throw notFound("Invalid Method identifier specified");
        }
        return (ObjectNode) method;
    }

    private CloudResponse integration(CloudRequest request, ObjectNode api, ObjectNode resource, String httpMethod) {
        ObjectNode method = method(resource, httpMethod);
        switch (request.method()) {
            case "PUT": {
                JsonNode body = body(request);
                String type = body.path("type").asText("");
                if (!Set.of("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK").contains(type)) {
                    throw badRequest("Invalid integration type specified");
                }
                if (!type.equals("AWS_PROXY")) {
                    throw notImplemented("PutIntegration of type " + type);
                }
                String uri = body.path("uri").asText("");
                if (uri.isEmpty()) {
                    throw badRequest("Enumeration value for Integration Type must be non-empty");
                }
                if (!uri.startsWith("arn:")) {
                    throw badRequest("Invalid ARN specified in the request");
                }
                if (!uri.contains(":path/") && !uri.contains(":action/")) {
                    throw badRequest("AWS ARN for integration must contain path or action");
                }
                if (!LAMBDA_URI.matcher(uri).matches()) {
                    throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
                }
                String integrationMethod = body.path("httpMethod").asText("");
                if (integrationMethod.isEmpty()) {
                    throw badRequest("Enumeration value for HttpMethod must be non-empty");
                }
                ObjectNode integration = JSON.createObjectNode();
                integration.put("type", type);
                integration.put("httpMethod", integrationMethod.toUpperCase(Locale.ROOT));
                integration.put("uri", uri);
                if (body.hasNonNull("credentials")) {
                    integration.put("credentials", body.get("credentials").asText());
                }
                integration.put("passthroughBehavior", body.path("passthroughBehavior").asText("WHEN_NO_MATCH"));
                int timeout = body.path("timeoutInMillis").asInt(29000);
                if (timeout < 50 || timeout > 29000) {
                    throw badRequest("Timeout should be between 50 ms and 29000 ms");
                }
                integration.put("timeoutInMillis", timeout);
                if (body.hasNonNull("contentHandling")) {
                    integration.put("contentHandling", body.get("contentHandling").asText());
                }
                integration.put("cacheNamespace", body.path("cacheNamespace").asText(resource.get("id").asText()));
                integration.set("cacheKeyParameters",
                        body.path("cacheKeyParameters").isArray() ? body.get("cacheKeyParameters") : JSON.createArrayNode());
                method.set("methodIntegration", integration);
                save();
                return CloudResponse.json(201, integration);
            }
            case "GET": {
                JsonNode integration = method.get("methodIntegration");
                if (integration == null) {
                    throw notFound("Invalid Integration identifier specified");
                }
                return CloudResponse.json(200, integration);
            }
            case "DELETE":
                if (method.remove("methodIntegration") == null) {
                    throw notFound("Invalid Integration identifier specified");
                }
                save();
                return CloudResponse.empty(204);
            default:
                throw notImplemented("UpdateIntegration");
        }
    }

    private CloudResponse createDeployment(CloudRequest request, ObjectNode api) {
        JsonNode body = body(request);
        boolean anyMethod = false;
        for (JsonNode r : api.with("resources")) {
            if (r.path("resourceMethods").size() > 0) {
                anyMethod = true;
            }
        }
        if (!anyMethod) {
            throw badRequest("The REST API doesn't contain any methods");
        }
        String id = newId();
        ObjectNode deployment = api.with("deployments").putObject(id);
        deployment.put("id", id);
        if (body.hasNonNull("description")) {
            deployment.put("description", body.get("description").asText());
        }
        deployment.put("createdDate", now());
        deployment.set("snapshot", api.get("resources").deepCopy());
        String stageName = body.path("stageName").asText("");
        if (!stageName.isEmpty()) {
            ObjectNode stages = api.with("stages");
            ObjectNode stage = (ObjectNode) stages.get(stageName);
            long now = now();
            if (stage == null) {
                stage = newStage(stageName, now);
                stages.set(stageName, stage);
            }
            stage.put("deploymentId", id);
            if (body.hasNonNull("stageDescription")) {
                stage.put("description", body.get("stageDescription").asText());
            }
            if (body.path("variables").isObject()) {
                stage.set("variables", body.get("variables"));
            }
            if (body.has("tracingEnabled")) {
                stage.put("tracingEnabled", body.get("tracingEnabled").asBoolean());
            }
            stage.put("lastUpdatedDate", now);
        }
        save();
        return CloudResponse.json(201, deploymentView(deployment));
    }

    private static ObjectNode newStage(String name, long now) {
        ObjectNode stage = JSON.createObjectNode();
        stage.put("stageName", name);
        stage.put("cacheClusterEnabled", false);
        stage.put("cacheClusterStatus", "NOT_AVAILABLE");
        stage.putObject("methodSettings");
        stage.put("tracingEnabled", false);
        stage.put("createdDate", now);
        stage.put("lastUpdatedDate", now);
        return stage;
    }

    private static ObjectNode deploymentView(JsonNode deployment) {
        ObjectNode view = ((ObjectNode) deployment).deepCopy();
        view.remove("snapshot");
        return view;
    }

    private CloudResponse stages(CloudRequest request, ObjectNode api, String[] p) {
        ObjectNode stages = api.with("stages");
        String m = request.method();
        if (p.length == 3 && m.equals("GET")) {
            String deploymentId = request.queryParam("deploymentId");
            ArrayNode items = JSON.createArrayNode();
            stages.forEach(s -> {
                if (deploymentId == null || deploymentId.equals(s.path("deploymentId").asText())) {
                    items.add(s);
                }
            });
            return CloudResponse.json(200, JSON.createObjectNode().set("item", items));
        }
        if (p.length == 3 && m.equals("POST")) {
            JsonNode body = body(request);
            String name = body.path("stageName").asText("");
            String deploymentId = body.path("deploymentId").asText("");
            if (name.isEmpty() || deploymentId.isEmpty()) {
                throw badRequest("Stage name and deployment id are required");
            }
            if (!api.with("deployments").has(deploymentId)) {
                throw notFound("Invalid Deployment identifier specified");
            }
            if (stages.has(name)) {
                throw new AwsServiceException(409, "ConflictException", "Stage already exists");
            }
            ObjectNode stage = newStage(name, now());
            stage.put("deploymentId", deploymentId);
            if (body.hasNonNull("description")) {
                stage.put("description", body.get("description").asText());
            }
            if (body.path("variables").isObject()) {
                stage.set("variables", body.get("variables"));
            }
            stages.set(name, stage);
            save();
            return CloudResponse.json(201, stage);
        }
        if (p.length == 4) {
            JsonNode stage = stages.get(p[3]);
            if (stage == null) {
                throw notFound("Invalid Stage identifier specified");
            }
            if (m.equals("GET")) {
                return CloudResponse.json(200, stage);
            }
            if (m.equals("DELETE")) {
                stages.remove(p[3]);
                save();
                return CloudResponse.empty(202);
            }
            throw notImplemented("UpdateStage");
        }
        throw notImplemented(m + " " + request.path());
    }

    private synchronized CloudResponse tags(CloudRequest request, String arn) {
        Matcher m = Pattern.compile("^arn:aws:apigateway:[^:]*::/restapis/([^/]+)$").matcher(arn);
        if (!m.matches()) {
            throw notImplemented("tags for " + arn);
        }
        ObjectNode api = (ObjectNode) api(m.group(1)).get("api");
        switch (request.method()) {
            case "PUT": {
                JsonNode tags = body(request).path("tags");
                if (tags.isObject()) {
                    api.with("tags").setAll((ObjectNode) tags);
                }
                save();
                return CloudResponse.empty(204);
            }
            case "GET":
                return CloudResponse.json(200, JSON.createObjectNode().set("tags",
                        api.has("tags") ? api.get("tags") : JSON.createObjectNode()));
            case "DELETE": {
                List<String> keys = request.query().getOrDefault("tagKeys", List.of());
                if (api.has("tags")) {
                    ObjectNode tags = api.with("tags");
                    for (String key : keys) {
                        for (String k : key.split(",")) {
                            tags.remove(k);
                        }
                    }
                    if (tags.isEmpty()) {
                        api.remove("tags");
                    }
                }
                save();
                return CloudResponse.empty(204);
            }
            default:
                throw notImplemented(request.method() + " tags");
        }
    }

    private static ObjectNode resourceView(JsonNode resource, boolean embedMethods) {
        ObjectNode view = ((ObjectNode) resource).deepCopy();
        JsonNode methods = view.get("resourceMethods");
        if (methods != null) {
            if (methods.isEmpty()) {
                view.remove("resourceMethods");
            } else if (!embedMethods) {
                ObjectNode names = JSON.createObjectNode();
                methods.fieldNames().forEachRemaining(n -> names.putObject(n));
                view.set("resourceMethods", names);
            }
        }
        return view;
    }

    private static CloudResponse page(CloudRequest request, List<JsonNode> all) {
        int start = 0;
        String position = request.queryParam("position");
        if (position != null && !position.isEmpty()) {
            try {
                start = Integer.parseInt(position);
            } catch (NumberFormatException e) {
                throw badRequest("Invalid position parameter");
            }
        }
        int limit = 25;
        String limitText = request.queryParam("limit");
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw badRequest("Invalid limit parameter");
            }
            if (limit < 1 || limit > 500) {
                throw badRequest("1 validation error detected: Value '" + limit
                        + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 500");
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("item");
        int end = Math.min(all.size(), Math.max(start, 0) + limit);
        for (int i = Math.max(start, 0); i < end; i++) {
            items.add(all.get(i));
        }
        if (end < all.size()) {
            out.put("position", Integer.toString(end));
        }
        return CloudResponse.json(200, out);
    }

    private ObjectNode api(String id) {
        JsonNode api = state.get(id);
        if (api == null) {
            throw notFound("Invalid API identifier specified " + ACCOUNT + ":" + id);
        }
        return (ObjectNode) api;
    }

    private static ObjectNode resource(ObjectNode resources, String id) {
        JsonNode r = resources.get(id);
        if (r == null) {
            throw notFound("Invalid Resource identifier specified");
        }
        return (ObjectNode) r;
    }

    // ---------------------------------------------------------------- data plane

    record Route(ObjectNode resource, ObjectNode method, Map<String, String> params, int score) {}

    private CloudResponse execute(CloudRequest request, String apiId, String stageName, String path) {
        ObjectNode snapshot;
        String region;
        String deploymentId;
        synchronized (this) {
            JsonNode api = state.get(apiId);
            JsonNode stage = api == null ? null : api.path("stages").get(stageName);
            JsonNode deployment = stage == null ? null : api.path("deployments").get(stage.path("deploymentId").asText());
            if (deployment == null) {
                return gatewayError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            }
            snapshot = (ObjectNode) deployment.get("snapshot");
            deploymentId = deployment.get("id").asText();
            region = api.path("region").asText("us-east-1");
        }
        Optional<Route> found = route(snapshot, request.method(), path);
        if (found.isEmpty()) {
            return gatewayError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Route route = found.get();
        JsonNode integration = route.method().get("methodIntegration");
        if (integration == null || !"AWS_PROXY".equals(integration.path("type").asText())
                || !"POST".equals(integration.path("httpMethod").asText())) {
            return internalError(500);
        }
        Matcher uri = LAMBDA_URI.matcher(integration.path("uri").asText());
        if (!uri.matches()) {
            return internalError(500);
        }
        String function = uri.group(2);
        String resourcePath = route.resource().get("path").asText();
        if (!permitted(function, region, apiId, stageName, request.method(), path, resourcePath)) {
            return internalError(500);
        }
        byte[] event = withIds(ProxyEvent.build(new ProxyRequest(request.method(), path, resourcePath, route.params(),
                request.query(), headers(request), request.body(), stageName, apiId, sourceIp(request))),
                deploymentId, route.resource().get("id").asText(), request.header("Host"));
        long timeout = Math.min(integrationTimeout.toMillis(), integration.path("timeoutInMillis").asLong(29000));
        InvocationResult result;
        CompletableFuture<InvocationResult> running = CompletableFuture.supplyAsync(() -> lambda.invoke(function, event), invocations);
        try {
            result = running.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return gatewayError(504, "IntegrationTimeoutException", "Endpoint request timed out");
        } catch (ExecutionException e) {
            // AccessDenied-like failures answer 500, any other failed invoke 502.
            return internalError(e.getCause() instanceof AwsServiceException a && a.status() == 404 ? 500 : 502);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return internalError(502);
        }
        if (result.failed()) {
            return internalError(502);
        }
        Optional<ProxyResponse> parsed = ProxyResponse.parse(result.payload());
        if (parsed.isEmpty() || parsed.get().statusCode() < 100 || parsed.get().statusCode() > 599) {
            return internalError(502);
        }
        ProxyResponse response = parsed.get();
        Map<String, String> out = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                out.put(name, String.join(", ", values));
            }
        });
        byte[] body = request.method().equals("HEAD") ? new byte[0] : response.body();
        return new CloudResponse(response.statusCode(), out, body);
    }

    /** The event with this deployment's and resource's ids (ProxyEvent leaves placeholders), and the request's own host. */
    private static byte[] withIds(byte[] event, String deploymentId, String resourceId, String host) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(event);
            ObjectNode context = (ObjectNode) node.get("requestContext");
            context.put("deploymentId", deploymentId);
            context.put("resourceId", resourceId);
            if (host != null && EXECUTE_API_HOST.matcher(host).matches()) {
                String domain = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
                context.put("domainName", domain);
            }
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deployed resource and method for the request: literal segments beat variables, variables beat greedy ones. */
    static Optional<Route> route(ObjectNode snapshot, String httpMethod, String path) {
        Route best = null;
        for (JsonNode r : snapshot) {
            JsonNode methods = r.path("resourceMethods");
            JsonNode method = methods.has(httpMethod) ? methods.get(httpMethod) : methods.get("ANY");
            if (method == null) {
                continue;
            }
            String template = r.get("path").asText();
            Optional<Map<String, String>> params = new RouteTemplate(template).match(path);
            if (params.isEmpty()) {
                continue;
            }
            int score = 0;
            for (String segment : template.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                score += segment.endsWith("+}") ? 1 : segment.startsWith("{") ? 100 : 10000;
            }
            score = score * 2 + (methods.has(httpMethod) ? 1 : 0);
            if (template.contains("+}")) {
                score -= 1_000_000;
            }
            if (best == null || score > best.score()) {
                best = new Route((ObjectNode) r, (ObjectNode) method, params.get(), score);
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the function's resource policy lets API Gateway invoke it for this request. */
    private boolean permitted(String function, String region, String apiId, String stage, String method, String path,
            String resourcePath) {
        List<Map<String, Object>> statements;
        try {
            statements = lambda.policyStatements(function);
        } catch (RuntimeException e) {
            return false;
        }
        String base = "arn:aws:execute-api:" + region + ":" + ACCOUNT + ":" + apiId + "/" + stage + "/" + method + "/";
        List<String> candidates = List.of(base + strip(path), base + strip(resourcePath));
        for (Map<String, Object> s : statements) {
            if (!"Allow".equals(s.get("Effect"))) {
                continue;
            }
            Object principal = s.get("Principal");
            boolean service = "*".equals(principal)
                    || (principal instanceof Map<?, ?> p && "apigateway.amazonaws.com".equals(p.get("Service")));
            Object action = s.get("Action");
            boolean invoke = "lambda:InvokeFunction".equals(action) || "lambda:*".equals(action) || "*".equals(action);
            if (!service || !invoke) {
                continue;
            }
            Object condition = s.get("Condition");
            String sourceArn = null;
            if (condition instanceof Map<?, ?> c) {
                for (Object op : c.values()) {
                    if (op instanceof Map<?, ?> values && values.get("AWS:SourceArn") != null) {
                        sourceArn = values.get("AWS:SourceArn").toString();
                    }
                }
            }
            if (sourceArn == null) {
                return true;
            }
            for (String candidate : candidates) {
                if (arnLike(sourceArn, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** IAM's ArnLike: `*` matches any run of characters, `?` one character. */
    static boolean arnLike(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    private static Map<String, List<String>> headers(CloudRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(HeaderNames.canonical(name), values);
            }
        });
        headers.putIfAbsent("X-Forwarded-For", List.of(sourceIp(request)));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        return headers;
    }

    private static String sourceIp(CloudRequest request) {
        String forwarded = request.header("X-Forwarded-For");
        return forwarded == null ? "127.0.0.1" : forwarded.split(",")[0].trim();
    }

    private static CloudResponse internalError(int status) {
        return gatewayError(status, "InternalServerErrorException", "Internal server error");
    }

    private static CloudResponse gatewayError(int status, String type, String message) {
        return CloudResponse.json(status, Map.of("message", message)).withHeader("x-amzn-ErrorType", type);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode body(CloudRequest request) {
        if (request.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            throw badRequest("Invalid JSON in request body");
        }
    }

    private String newId() {
        while (true) {
            StringBuilder id = new StringBuilder(10);
            for (int i = 0; i < 10; i++) {
                id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
            }
            String candidate = id.toString();
            if (!state.has(candidate) && !usedInside(candidate)) {
                return candidate;
            }
        }
    }

    private boolean usedInside(String id) {
        for (JsonNode api : state) {
            if (api.path("resources").has(id) || api.path("deployments").has(id)) {
                return true;
            }
        }
        return false;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private ObjectNode load() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Writes the state with the change already made in memory; when that fails (a full disk), the state
     * goes back to what was last written, so a request that answers 500 leaves no trace.
     */
    private void save() {
        try {
            DurableFiles.privateDirectories(file.getParent());
            DurableFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (IOException e) {
            state.removeAll();
            state.setAll(load());
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static AwsServiceException notFound(String message) {
        return new AwsServiceException(404, "NotFoundException", message);
    }

    private static AwsServiceException badRequest(String message) {
        return new AwsServiceException(400, "BadRequestException", message);
    }

    private static AwsServiceException notImplemented(String op) {
        return AwsServiceException.notImplemented("API Gateway", op);
    }
}
