package dev.lamb.local.cloud.apigateway;

import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.badRequest;
import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.conflict;
import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.notFound;
import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.notImplemented;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.Regions;

/**
 * API Gateway's control plane over the REST APIs it holds: each operation checks its request, changes the
 * state under one lock, persists it, and gives back what API Gateway answers with. A write that fails
 * (a full disk) puts the state back as it was last written, so a request that answers 500 leaves no trace.
 */
final class RestApis {
    static final String ACCOUNT = LocalAccount.ID;
    static final Pattern LAMBDA_URI =
            Pattern.compile("^arn:aws:apigateway:([^:]+):lambda:path/2015-03-31/functions/(.+)/invocations$");
    private static final Pattern API_ARN = Pattern.compile("^arn:aws:apigateway:[^:]*::/restapis/([^/]+)$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    static final Set<String> ENDPOINT_TYPES = Set.of("EDGE", "REGIONAL", "PRIVATE");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY");
    private static final Set<String> AUTHORIZATION_TYPES = Set.of("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS");
    private static final Set<String> INTEGRATION_TYPES = Set.of("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK");
    private static final String PATH_PART = "[A-Za-z0-9._:@&=+$,;~!*'()-]+|\\{[A-Za-z0-9._-]+\\+?}";
    private static final int MAX_TIMEOUT_MILLIS = 29000;

    private static final Set<String> API_KEY_SOURCES = Set.of("HEADER", "AUTHORIZER");
    private static final Pattern STATUS_CODE = Pattern.compile("[1-5]\\d\\d");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern VARIABLE_VALUE = Pattern.compile("[A-Za-z0-9\\-._~:/?#&=,]+");
    /** What a stage serves: the deployed snapshot of the API's resources, where the API lives, and the stage's variables. */
    record Deployed(String region, String deploymentId, Map<String, Resource> snapshot, Map<String, String> variables,
            String apiName) {}

    private final ApiStore store;
    private final Map<String, StoredApi> apis;

    RestApis(ApiStore store) {
        this.store = store;
        this.apis = store.load();
    }

    /** Whether this API Gateway holds the API: ids are unique across regions, so the data plane finds its region so. */
    synchronized boolean holds(String apiId) {
        return apis.containsKey(apiId);
    }

    synchronized int count() {
        return apis.size();
    }

    // ---------------------------------------------------------------- REST APIs

    synchronized RestApi create(JsonNode body, String region) {
        String name = body.path("name").asText("");
        if (name.isEmpty()) {
            throw badRequest("Invalid REST API name specified");
        }
        List<String> types = List.of("EDGE");
        JsonNode given = body.path("endpointConfiguration").path("types");
        if (given.isArray() && given.size() > 0) {
            types = texts(given);
            for (String type : types) {
                if (!ENDPOINT_TYPES.contains(type)) {
                    throw badRequest("Invalid endpoint configuration type: " + type);
                }
            }
        }
        JsonNode tags = body.path("tags");
        StoredApi stored = new StoredApi();
        stored.region = region;
        String id = newId();
        Resource root = Resource.root(newId());
        stored.api = new RestApi(id, name, text(body, "description"), now(),
                body.path("binaryMediaTypes").isArray() ? texts(body.get("binaryMediaTypes")) : null,
                body.path("apiKeySource").asText("HEADER"), new RestApi.EndpointConfiguration(types, "ipv4"),
                body.path("disableExecuteApiEndpoint").asBoolean(false), root.id(),
                tags.isObject() && tags.size() > 0 ? strings(tags) : null,
                body.hasNonNull("minimumCompressionSize") ? body.get("minimumCompressionSize").asInt() : null, text(body, "policy"));
        stored.resources.put(root.id(), root);
        apis.put(stored.api.id(), stored);
        save();
        return stored.api;
    }

    synchronized List<RestApi> list() {
        return apis.values().stream().map(a -> a.api).toList();
    }

    synchronized RestApi get(String apiId) {
        return api(apiId).api;
    }

    /** UpdateRestApi: the API with the patch operations applied. */
    synchronized RestApi update(String apiId, JsonNode body) {
        StoredApi api = api(apiId);
        RestApi patched = Patchable.REST_API.apply(api.api, RestApi.class, body);
        if (patched.name() == null || patched.name().isEmpty()) {
            throw badRequest("Invalid REST API name specified");
        }
        if (!API_KEY_SOURCES.contains(patched.apiKeySource())) {
            throw badRequest("Invalid apiKeySource specified. Valid options are HEADER,AUTHORIZER");
        }
        if (patched.binaryMediaTypes() != null && patched.binaryMediaTypes().isEmpty()) {
            patched = patched.withBinaryMediaTypes(null);
        }
        api.api = patched;
        save();
        return patched;
    }

    synchronized void delete(String apiId) {
        api(apiId);
        apis.remove(apiId);
        save();
    }

    // ---------------------------------------------------------------- resources

    synchronized List<Resource> resources(String apiId) {
        return List.copyOf(api(apiId).resources.values());
    }

    synchronized Resource resource(String apiId, String resourceId) {
        return resource(api(apiId), resourceId);
    }

    synchronized Resource createResource(String apiId, String parentId, JsonNode body) {
        StoredApi api = api(apiId);
        Resource parent = resource(api, parentId);
        String pathPart = body.path("pathPart").asText("");
        checkPathPart(api, parent, pathPart, null);
        String parentPath = parent.path().equals("/") ? "" : parent.path();
        Resource resource = new Resource(newId(), parent.id(), pathPart, parentPath + "/" + pathPart, Map.of());
        api.resources.put(resource.id(), resource);
        save();
        return resource;
    }

    /** UpdateResource: a new path part, which moves the paths of all the resources under it too. */
    synchronized Resource updateResource(String apiId, String resourceId, JsonNode body) {
        StoredApi api = api(apiId);
        Resource resource = resource(api, resourceId);
        if (resource.path().equals("/")) {
            throw badRequest("Cannot update the root resource");
        }
        Resource patched = Patchable.RESOURCE.apply(resource, Resource.class, body);
        Resource parent = resource(api, resource.parentId());
        checkPathPart(api, parent, patched.pathPart(), resourceId);
        String parentPath = parent.path().equals("/") ? "" : parent.path();
        movePaths(api.resources, resource.path(), parentPath + "/" + patched.pathPart());
        api.resources.put(resourceId, api.resources.get(resourceId).withPathPart(patched.pathPart()));
        save();
        return api.resources.get(resourceId);
    }

    private static void movePaths(Map<String, Resource> resources, String from, String to) {
        resources.replaceAll((id, r) -> r.path().equals(from) || r.path().startsWith(from + "/")
                ? r.withPath(to + r.path().substring(from.length())) : r);
    }

    /** The checks API Gateway makes on a path part under a parent; {@code self} is the resource being renamed, if any. */
    private static void checkPathPart(StoredApi api, Resource parent, String pathPart, String self) {
        if (pathPart == null || pathPart.isEmpty() || pathPart.contains("/") || !pathPart.matches(PATH_PART)) {
            throw badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
        }
        for (Resource sibling : api.resources.values()) {
            if (parent.id().equals(sibling.parentId()) && !sibling.id().equals(self)) {
                if (sibling.pathPart().equals(pathPart)) {
                    throw conflict("Another resource with the same parent already has this name: " + pathPart);
                }
                if (sibling.variable() && pathPart.startsWith("{")) {
                    throw badRequest("A sibling (" + sibling.pathPart()
                            + ") of this resource already has a variable path part -- only one is allowed");
                }
            }
        }
        if (parent.greedy()) {
            throw badRequest("Cannot create a child of a resource with a greedy path variable: " + parent.pathPart());
        }
    }

    /** Deletes the resource with everything under it. */
    synchronized void deleteResource(String apiId, String resourceId) {
        StoredApi api = api(apiId);
        Resource resource = resource(api, resourceId);
        if (resource.path().equals("/")) {
            throw badRequest("Cannot delete the root resource");
        }
        deleteTree(api.resources, resourceId);
        save();
    }

    private static void deleteTree(Map<String, Resource> resources, String id) {
        List<String> children = resources.values().stream().filter(r -> id.equals(r.parentId())).map(Resource::id).toList();
        children.forEach(c -> deleteTree(resources, c));
        resources.remove(id);
    }

    // ---------------------------------------------------------------- methods and integrations

    synchronized Method putMethod(String apiId, String resourceId, String httpMethod, JsonNode body) {
        StoredApi api = api(apiId);
        Resource resource = resource(api, resourceId);
        if (!METHODS.contains(httpMethod)) {
            throw badRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
        }
        String auth = body.path("authorizationType").asText("");
        if (!AUTHORIZATION_TYPES.contains(auth)) {
            throw badRequest("Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS");
        }
        Map<String, Boolean> parameters = null;
        if (body.path("requestParameters").isObject()) {
            parameters = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : body.get("requestParameters").properties()) {
                parameters.put(e.getKey(), e.getValue().asBoolean());
            }
        }
        Method method = new Method(httpMethod, auth, body.path("apiKeyRequired").asBoolean(false), parameters,
                body.path("requestModels").isObject() ? strings(body.get("requestModels")) : null,
                text(body, "operationName"), text(body, "authorizerId"), text(body, "requestValidatorId"), null, null);
        api.resources.put(resourceId, resource.withMethod(method));
        save();
        return method;
    }

    synchronized Method method(String apiId, String resourceId, String httpMethod) {
        return method(resource(api(apiId), resourceId), httpMethod);
    }

    /** UpdateMethod: the method with the patch operations applied. */
    synchronized Method updateMethod(String apiId, String resourceId, String httpMethod, JsonNode body) {
        return changeMethod(apiId, resourceId, httpMethod, method -> {
            Method patched = Patchable.METHOD.apply(method, Method.class, body);
            if (!AUTHORIZATION_TYPES.contains(patched.authorizationType())) {
                throw badRequest("Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS");
            }
            return patched;
        });
    }

    synchronized void deleteMethod(String apiId, String resourceId, String httpMethod) {
        StoredApi api = api(apiId);
        Resource resource = resource(api, resourceId);
        method(resource, httpMethod);
        api.resources.put(resourceId, resource.withoutMethod(httpMethod));
        save();
    }

    /** A Lambda proxy integration, the only kind lamb serves; the others answer NotImplemented. */
    synchronized Integration putIntegration(String apiId, String resourceId, String httpMethod, JsonNode body) {
        return changeMethod(apiId, resourceId, httpMethod, method -> {
            String type = body.path("type").asText("");
            if (!INTEGRATION_TYPES.contains(type)) {
                throw badRequest("Invalid integration type specified");
            }
            if (!type.equals("AWS_PROXY")) {
                throw notImplemented("PutIntegration of type " + type);
            }
            Integration integration = new Integration(type, body.path("httpMethod").asText("").toUpperCase(Locale.ROOT),
                    body.path("uri").asText(""), text(body, "credentials"), body.path("passthroughBehavior").asText("WHEN_NO_MATCH"),
                    body.path("timeoutInMillis").asInt(MAX_TIMEOUT_MILLIS), text(body, "contentHandling"),
                    body.path("cacheNamespace").asText(resourceId),
                    body.path("cacheKeyParameters").isArray() ? texts(body.get("cacheKeyParameters")) : List.of(), null);
            return method.withIntegration(checked(integration));
        }).methodIntegration();
    }

    /** UpdateIntegration: the integration with the patch operations applied, checked as PutIntegration checks it. */
    synchronized Integration updateIntegration(String apiId, String resourceId, String httpMethod, JsonNode body) {
        return changeMethod(apiId, resourceId, httpMethod, method -> method.withIntegration(
                checked(Patchable.INTEGRATION.apply(integration(method), Integration.class, body)))).methodIntegration();
    }

    /** The integration, if it passes the checks API Gateway makes of a Lambda proxy integration. */
    private static Integration checked(Integration integration) {
        String uri = integration.uri() == null ? "" : integration.uri();
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
        if (integration.httpMethod() == null || integration.httpMethod().isEmpty()) {
            throw badRequest("Enumeration value for HttpMethod must be non-empty");
        }
        int timeout = integration.timeoutInMillis();
        if (timeout < 50 || timeout > MAX_TIMEOUT_MILLIS) {
            throw badRequest("Timeout should be between 50 ms and 29000 ms");
        }
        return integration;
    }

    synchronized Integration integration(String apiId, String resourceId, String httpMethod) {
        return integration(method(resource(api(apiId), resourceId), httpMethod));
    }

    synchronized void deleteIntegration(String apiId, String resourceId, String httpMethod) {
        changeMethod(apiId, resourceId, httpMethod, method -> {
            integration(method);
            return method.withIntegration(null);
        });
    }

    // ---------------------------------------------------------------- method and integration responses

    synchronized MethodResponse putMethodResponse(String apiId, String resourceId, String httpMethod, String statusCode,
            JsonNode body) {
        if (!STATUS_CODE.matcher(statusCode).matches()) {
            throw badRequest("Invalid Response status code specified");
        }
        Map<String, Boolean> parameters = null;
        if (body.path("responseParameters").isObject()) {
            parameters = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : body.get("responseParameters").properties()) {
                parameters.put(e.getKey(), e.getValue().asBoolean());
            }
        }
        MethodResponse response = new MethodResponse(statusCode, parameters,
                body.path("responseModels").isObject() ? strings(body.get("responseModels")) : null);
        changeMethod(apiId, resourceId, httpMethod, method -> method.withResponse(statusCode, response));
        return response;
    }

    synchronized MethodResponse methodResponse(String apiId, String resourceId, String httpMethod, String statusCode) {
        return methodResponse(method(resource(api(apiId), resourceId), httpMethod), statusCode);
    }

    synchronized MethodResponse updateMethodResponse(String apiId, String resourceId, String httpMethod, String statusCode,
            JsonNode body) {
        return changeMethod(apiId, resourceId, httpMethod, method -> method.withResponse(statusCode,
                Patchable.METHOD_RESPONSE.apply(methodResponse(method, statusCode), MethodResponse.class, body)))
                .methodResponses().get(statusCode);
    }

    synchronized void deleteMethodResponse(String apiId, String resourceId, String httpMethod, String statusCode) {
        changeMethod(apiId, resourceId, httpMethod, method -> {
            methodResponse(method, statusCode);
            return method.withResponse(statusCode, null);
        });
    }

    /** An integration's response for a status code, which the method must have a response for, as on API Gateway. */
    synchronized IntegrationResponse putIntegrationResponse(String apiId, String resourceId, String httpMethod,
            String statusCode, JsonNode body) {
        IntegrationResponse response = new IntegrationResponse(statusCode, text(body, "selectionPattern"),
                body.path("responseParameters").isObject() ? strings(body.get("responseParameters")) : null,
                body.path("responseTemplates").isObject() ? strings(body.get("responseTemplates")) : null,
                text(body, "contentHandling"));
        changeMethod(apiId, resourceId, httpMethod, method -> {
            Integration integration = integration(method);
            methodResponse(method, statusCode);
            return method.withIntegration(integration.withResponse(statusCode, response));
        });
        return response;
    }

    synchronized IntegrationResponse integrationResponse(String apiId, String resourceId, String httpMethod, String statusCode) {
        return integrationResponse(integration(method(resource(api(apiId), resourceId), httpMethod)), statusCode);
    }

    synchronized IntegrationResponse updateIntegrationResponse(String apiId, String resourceId, String httpMethod,
            String statusCode, JsonNode body) {
        return changeMethod(apiId, resourceId, httpMethod, method -> {
            Integration integration = integration(method);
            return method.withIntegration(integration.withResponse(statusCode, Patchable.INTEGRATION_RESPONSE.apply(
                    integrationResponse(integration, statusCode), IntegrationResponse.class, body)));
        }).methodIntegration().integrationResponses().get(statusCode);
    }

    synchronized void deleteIntegrationResponse(String apiId, String resourceId, String httpMethod, String statusCode) {
        changeMethod(apiId, resourceId, httpMethod, method -> {
            Integration integration = integration(method);
            integrationResponse(integration, statusCode);
            return method.withIntegration(integration.withResponse(statusCode, null));
        });
    }

    /** Replaces an existing method by what the change makes of it (which may refuse), and persists it. */
    private Method changeMethod(String apiId, String resourceId, String httpMethod, UnaryOperator<Method> change) {
        StoredApi api = api(apiId);
        Resource resource = resource(api, resourceId);
        Method changed = change.apply(method(resource, httpMethod));
        api.resources.put(resourceId, resource.withMethod(changed));
        save();
        return changed;
    }

    // ---------------------------------------------------------------- deployments and stages

    /** A snapshot of the API's resources; with a stage name, that stage (made if new) serves it. */
    synchronized Deployment createDeployment(String apiId, JsonNode body) {
        StoredApi api = api(apiId);
        if (!api.hasMethods()) {
            throw badRequest("The REST API doesn't contain any methods");
        }
        if (api.resources.values().stream().flatMap(r -> r.resourceMethods().values().stream())
                .anyMatch(m -> m.methodIntegration() == null)) {
            throw badRequest("No integration defined for method");
        }
        long now = now();
        Deployment deployment = new Deployment(newId(), text(body, "description"), now, api.resources);
        api.deployments.put(deployment.id(), deployment);
        String stageName = body.path("stageName").asText("");
        if (!stageName.isEmpty()) {
            Stage stage = api.stages.getOrDefault(stageName, Stage.created(stageName, now, null, null, null));
            checkVariables(variables(body));
            api.stages.put(stageName, stage.deployed(deployment.id(), text(body, "stageDescription"), variables(body),
                    body.has("tracingEnabled") ? body.get("tracingEnabled").asBoolean() : null, now));
        }
        save();
        return deployment;
    }

    synchronized List<Deployment> deployments(String apiId) {
        return List.copyOf(api(apiId).deployments.values());
    }

    synchronized Deployment deployment(String apiId, String deploymentId) {
        return deployment(api(apiId), deploymentId);
    }

    /** UpdateDeployment: a new description; what the deployment serves never changes. */
    synchronized Deployment updateDeployment(String apiId, String deploymentId, JsonNode body) {
        StoredApi api = api(apiId);
        Deployment deployment = deployment(api, deploymentId);
        Deployment.Described patched = Patchable.DEPLOYMENT.apply(deployment.described(), Deployment.Described.class, body);
        Deployment updated = new Deployment(deployment.id(), patched.description(), deployment.createdDate(), deployment.snapshot());
        api.deployments.put(deploymentId, updated);
        save();
        return updated;
    }

    /** The API's stages, or only those serving the given deployment. */
    synchronized List<Stage> stages(String apiId, String deploymentId) {
        return api(apiId).stages.values().stream()
                .filter(s -> deploymentId == null || deploymentId.equals(s.deploymentId())).toList();
    }

    synchronized Stage createStage(String apiId, JsonNode body) {
        StoredApi api = api(apiId);
        String name = body.path("stageName").asText("");
        String deploymentId = body.path("deploymentId").asText("");
        if (name.isEmpty() || deploymentId.isEmpty()) {
            throw badRequest("Stage name and deployment id are required");
        }
        deployment(api, deploymentId);
        if (api.stages.containsKey(name)) {
            throw conflict("Stage already exists");
        }
        Stage stage = Stage.created(name, now(), deploymentId, text(body, "description"), variables(body));
        checkVariables(stage.variables());
        api.stages.put(name, stage);
        save();
        return stage;
    }

    synchronized Stage stage(String apiId, String stageName) {
        return stage(api(apiId), stageName);
    }

    /** UpdateStage: the stage with the patch operations applied (its variables, deployment, method settings...). */
    synchronized Stage updateStage(String apiId, String stageName, JsonNode body) {
        StoredApi api = api(apiId);
        Stage patched = Patchable.STAGE.apply(stage(api, stageName), Stage.class, body).updated(now());
        deployment(api, patched.deploymentId());
        checkVariables(patched.variables());
        api.stages.put(stageName, patched);
        save();
        return patched;
    }

    /** Stage variables' names and values as the API Gateway reference allows them. */
    private static void checkVariables(Map<String, String> variables) {
        if (variables == null) {
            return;
        }
        variables.forEach((name, value) -> {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw badRequest("Stage variable name " + name + " is invalid: only alphanumeric characters and underscores are allowed");
            }
            if (!VARIABLE_VALUE.matcher(value).matches()) {
                throw badRequest("Stage variable value " + value + " for " + name
                        + " is invalid: allowed are alphanumeric characters and -._~:/?#&=,");
            }
        });
    }

    synchronized void deleteStage(String apiId, String stageName) {
        StoredApi api = api(apiId);
        stage(api, stageName);
        api.stages.remove(stageName);
        save();
    }

    /** What the stage serves, if the API and the stage exist. */
    synchronized Optional<Deployed> deployed(String apiId, String stageName) {
        StoredApi api = apis.get(apiId);
        Stage stage = api == null ? null : api.stages.get(stageName);
        Deployment deployment = stage == null ? null : api.deployments.get(stage.deploymentId());
        if (deployment == null) {
            return Optional.empty();
        }
        return Optional.of(new Deployed(api.region == null ? Regions.HOME : api.region, deployment.id(), deployment.snapshot(),
                stage.variables() == null ? Map.of() : stage.variables(), api.api.name()));
    }

    // ---------------------------------------------------------------- tags

    synchronized Map<String, String> tags(String arn) {
        Map<String, String> tags = taggable(arn).api.tags();
        return tags == null ? Map.of() : tags;
    }

    /** Adds the tags, replacing the values of keys the API already has. */
    synchronized void tag(String arn, JsonNode body) {
        StoredApi api = taggable(arn);
        JsonNode given = body.path("tags");
        if (given.isObject()) {
            Map<String, String> tags = new LinkedHashMap<>(api.api.tags() == null ? Map.of() : api.api.tags());
            tags.putAll(strings(given));
            api.api = api.api.withTags(tags);
        }
        save();
    }

    /** Removes the keys, each given alone or several joined with commas. */
    synchronized void untag(String arn, List<String> keys) {
        StoredApi api = taggable(arn);
        if (api.api.tags() != null) {
            Map<String, String> tags = new LinkedHashMap<>(api.api.tags());
            for (String key : keys) {
                for (String k : key.split(",")) {
                    tags.remove(k);
                }
            }
            api.api = api.api.withTags(tags.isEmpty() ? null : tags);
        }
        save();
    }

    private StoredApi taggable(String arn) {
        Matcher m = API_ARN.matcher(arn);
        if (!m.matches()) {
            throw notImplemented("tags for " + arn);
        }
        return api(m.group(1));
    }

    // ---------------------------------------------------------------- lookups and helpers

    private StoredApi api(String id) {
        return found(apis.get(id), "Invalid API identifier specified " + ACCOUNT + ":" + id);
    }

    private static Resource resource(StoredApi api, String id) {
        return found(api.resources.get(id), "Invalid Resource identifier specified");
    }

    private static Method method(Resource resource, String httpMethod) {
        return found(resource.resourceMethods().get(httpMethod), "Invalid Method identifier specified");
    }

    private static Integration integration(Method method) {
        return found(method.methodIntegration(), "Invalid Integration identifier specified");
    }

    private static MethodResponse methodResponse(Method method, String statusCode) {
        return found(method.methodResponses() == null ? null : method.methodResponses().get(statusCode),
                "Invalid Response status code specified");
    }

    private static IntegrationResponse integrationResponse(Integration integration, String statusCode) {
        return found(integration.integrationResponses() == null ? null : integration.integrationResponses().get(statusCode),
                "Invalid Response status code specified");
    }

    private static Deployment deployment(StoredApi api, String id) {
        return found(api.deployments.get(id), "Invalid Deployment identifier specified");
    }

    private static Stage stage(StoredApi api, String name) {
        return found(api.stages.get(name), "Invalid Stage identifier specified");
    }

    /** The thing looked up, or API Gateway's NotFoundException with its message when there is none. */
    private static <T> T found(T thing, String message) {
        if (thing == null) {
            throw notFound(message);
        }
        return thing;
    }

    private static String text(JsonNode body, String member) {
        return body.hasNonNull(member) ? body.get(member).asText() : null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Map<String, String> variables(JsonNode body) {
        return body.path("variables").isObject() ? strings(body.get("variables")) : null;
    }

    /** An id no API, resource or deployment has yet: ten lower-case letters and digits, as API Gateway's. */
    private String newId() {
        while (true) {
            StringBuilder id = new StringBuilder(10);
            for (int i = 0; i < 10; i++) {
                id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
            }
            String candidate = id.toString();
            if (!apis.containsKey(candidate) && apis.values().stream()
                    .noneMatch(a -> a.resources.containsKey(candidate) || a.deployments.containsKey(candidate))) {
                return candidate;
            }
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private void save() {
        try {
            store.save(apis);
        } catch (UncheckedIOException e) {
            apis.clear();
            apis.putAll(store.load());
            throw e;
        }
    }
}
