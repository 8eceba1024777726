package dev.lamb.local.cloud.apigateway;

import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.badRequest;
import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.notImplemented;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.lambda.LambdaService;

/**
 * The local cloud's API Gateway (REST API v1, rest-json 2015-07-09). Requests to a stage go to the data
 * plane ({@link ExecuteApi}); all others through one table, from the service model's method and path
 * template to the operation, whose handler calls the control plane ({@link RestApis}) and answers as API
 * Gateway does. The state is kept by {@link ApiStore} under {@code <dataDir>/apigateway/}.
 */
public final class ApiGatewayService implements AwsService {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an operation does with its request, given the control plane and the path's parameters. */
    @FunctionalInterface
    private interface Handler {
        CloudResponse handle(RestApis apis, CloudRequest request, Map<String, String> path);
    }

    // Methods, paths and names from botocore's apigateway/2015-07-09 service-2.json.
    private static final String API = "/restapis/{restapi_id}";
    private static final String RESOURCE = API + "/resources/{resource_id}";
    private static final String METHOD = RESOURCE + "/methods/{http_method}";
    private static final String METHOD_RESPONSE = METHOD + "/responses/{status_code}";
    private static final String INTEGRATION_RESPONSE = METHOD + "/integration/responses/{status_code}";
    private static final String TAGS = "/tags/{resource_arn+}";
    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byPath(ApiGatewayErrors.SERVICE)
            .add("POST", "/restapis", "CreateRestApi", (apis, r, p) -> json(201, apis.create(body(r), r.region())))
            .add("GET", "/restapis", "GetRestApis",
                    (apis, r, p) -> page(r, apis.list(), a -> Pages.byCreation(a.createdDate(), a.id()), a -> a))
            .add("GET", API, "GetRestApi", (apis, r, p) -> json(200, apis.get(api(p))))
            .add("PATCH", API, "UpdateRestApi", (apis, r, p) -> json(200, apis.update(api(p), body(r))))
            .add("DELETE", API, "DeleteRestApi", (apis, r, p) -> empty(202, () -> apis.delete(api(p))))
            .add("GET", API + "/resources", "GetResources",
                    (apis, r, p) -> page(r, apis.resources(api(p)), Resource::path, res -> view(res, embedsMethods(r))))
            .add("POST", API + "/resources/{parent_id}", "CreateResource",
                    (apis, r, p) -> json(201, view(apis.createResource(api(p), p.get("parent_id"), body(r)), false)))
            .add("GET", RESOURCE, "GetResource", (apis, r, p) -> json(200, view(apis.resource(api(p), resource(p)), embedsMethods(r))))
            .add("PATCH", RESOURCE, "UpdateResource",
                    (apis, r, p) -> json(200, view(apis.updateResource(api(p), resource(p), body(r)), false)))
            .add("DELETE", RESOURCE, "DeleteResource", (apis, r, p) -> empty(202, () -> apis.deleteResource(api(p), resource(p))))
            .add("PUT", METHOD, "PutMethod", (apis, r, p) -> json(201, apis.putMethod(api(p), resource(p), method(p), body(r))))
            .add("GET", METHOD, "GetMethod", (apis, r, p) -> json(200, apis.method(api(p), resource(p), method(p))))
            .add("PATCH", METHOD, "UpdateMethod",
                    (apis, r, p) -> json(200, apis.updateMethod(api(p), resource(p), method(p), body(r))))
            .add("DELETE", METHOD, "DeleteMethod", (apis, r, p) -> empty(204, () -> apis.deleteMethod(api(p), resource(p), method(p))))
            .add("PUT", METHOD + "/integration", "PutIntegration",
                    (apis, r, p) -> json(201, apis.putIntegration(api(p), resource(p), method(p), body(r))))
            .add("GET", METHOD + "/integration", "GetIntegration",
                    (apis, r, p) -> json(200, apis.integration(api(p), resource(p), method(p))))
            .add("PATCH", METHOD + "/integration", "UpdateIntegration",
                    (apis, r, p) -> json(200, apis.updateIntegration(api(p), resource(p), method(p), body(r))))
            .add("DELETE", METHOD + "/integration", "DeleteIntegration",
                    (apis, r, p) -> empty(204, () -> apis.deleteIntegration(api(p), resource(p), method(p))))
            .add("PUT", METHOD_RESPONSE, "PutMethodResponse", (apis, r, p) -> json(201,
                    apis.putMethodResponse(api(p), resource(p), method(p), status(p), body(r))))
            .add("GET", METHOD_RESPONSE, "GetMethodResponse", (apis, r, p) -> json(200,
                    apis.methodResponse(api(p), resource(p), method(p), status(p))))
            .add("PATCH", METHOD_RESPONSE, "UpdateMethodResponse", (apis, r, p) -> json(201,
                    apis.updateMethodResponse(api(p), resource(p), method(p), status(p), body(r))))
            .add("DELETE", METHOD_RESPONSE, "DeleteMethodResponse", (apis, r, p) -> empty(204,
                    () -> apis.deleteMethodResponse(api(p), resource(p), method(p), status(p))))
            .add("PUT", INTEGRATION_RESPONSE, "PutIntegrationResponse", (apis, r, p) -> json(201,
                    apis.putIntegrationResponse(api(p), resource(p), method(p), status(p), body(r))))
            .add("GET", INTEGRATION_RESPONSE, "GetIntegrationResponse", (apis, r, p) -> json(200,
                    apis.integrationResponse(api(p), resource(p), method(p), status(p))))
            .add("PATCH", INTEGRATION_RESPONSE, "UpdateIntegrationResponse", (apis, r, p) -> json(200,
                    apis.updateIntegrationResponse(api(p), resource(p), method(p), status(p), body(r))))
            .add("DELETE", INTEGRATION_RESPONSE, "DeleteIntegrationResponse", (apis, r, p) -> empty(204,
                    () -> apis.deleteIntegrationResponse(api(p), resource(p), method(p), status(p))))
            .add("POST", API + "/deployments", "CreateDeployment",
                    (apis, r, p) -> json(201, apis.createDeployment(api(p), body(r)).described()))
            .add("GET", API + "/deployments", "GetDeployments", (apis, r, p) -> page(r, apis.deployments(api(p)),
                    d -> Pages.byCreation(d.createdDate(), d.id()), Deployment::described))
            .add("GET", API + "/deployments/{deployment_id}", "GetDeployment",
                    (apis, r, p) -> json(200, apis.deployment(api(p), p.get("deployment_id")).described()))
            .add("PATCH", API + "/deployments/{deployment_id}", "UpdateDeployment",
                    (apis, r, p) -> json(200, apis.updateDeployment(api(p), p.get("deployment_id"), body(r)).described()))
            .add("POST", API + "/stages", "CreateStage", (apis, r, p) -> json(201, apis.createStage(api(p), body(r))))
            .add("GET", API + "/stages", "GetStages", (apis, r, p) -> items(apis.stages(api(p), r.queryParam("deploymentId"))))
            .add("GET", API + "/stages/{stage_name}", "GetStage", (apis, r, p) -> json(200, apis.stage(api(p), p.get("stage_name"))))
            .add("PATCH", API + "/stages/{stage_name}", "UpdateStage",
                    (apis, r, p) -> json(200, apis.updateStage(api(p), p.get("stage_name"), body(r))))
            .add("DELETE", API + "/stages/{stage_name}", "DeleteStage",
                    (apis, r, p) -> empty(202, () -> apis.deleteStage(api(p), p.get("stage_name"))))
            .add("PUT", TAGS, "TagResource", (apis, r, p) -> empty(204, () -> apis.tag(p.get("resource_arn"), body(r))))
            .add("GET", TAGS, "GetTags", (apis, r, p) -> json(200, Map.of("tags", apis.tags(p.get("resource_arn")))))
            .add("DELETE", TAGS, "UntagResource", (apis, r, p) -> empty(204,
                    () -> apis.untag(p.get("resource_arn"), r.query().getOrDefault("tagKeys", List.of()))))
            .notServed("GET", "/account", "GetAccount")
            .notServed("PATCH", "/account", "UpdateAccount")
            .notServed("GET", "/apikeys", "GetApiKeys")
            .notServed("POST", "/apikeys", "CreateApiKey")
            .notServed("DELETE", "/apikeys/{api_Key}", "DeleteApiKey")
            .notServed("GET", "/apikeys/{api_Key}", "GetApiKey")
            .notServed("PATCH", "/apikeys/{api_Key}", "UpdateApiKey")
            .notServed("GET", "/clientcertificates", "GetClientCertificates")
            .notServed("POST", "/clientcertificates", "GenerateClientCertificate")
            .notServed("DELETE", "/clientcertificates/{clientcertificate_id}", "DeleteClientCertificate")
            .notServed("GET", "/clientcertificates/{clientcertificate_id}", "GetClientCertificate")
            .notServed("PATCH", "/clientcertificates/{clientcertificate_id}", "UpdateClientCertificate")
            .notServed("GET", "/domainnames", "GetDomainNames")
            .notServed("POST", "/domainnames", "CreateDomainName")
            .notServed("DELETE", "/domainnames/{domain_name}", "DeleteDomainName")
            .notServed("GET", "/domainnames/{domain_name}", "GetDomainName")
            .notServed("PATCH", "/domainnames/{domain_name}", "UpdateDomainName")
            .notServed("GET", "/domainnames/{domain_name}/basepathmappings", "GetBasePathMappings")
            .notServed("POST", "/domainnames/{domain_name}/basepathmappings", "CreateBasePathMapping")
            .notServed("DELETE", "/domainnames/{domain_name}/basepathmappings/{base_path}", "DeleteBasePathMapping")
            .notServed("GET", "/domainnames/{domain_name}/basepathmappings/{base_path}", "GetBasePathMapping")
            .notServed("PATCH", "/domainnames/{domain_name}/basepathmappings/{base_path}", "UpdateBasePathMapping")
            .notServed("PUT", "/restapis/{restapi_id}", "PutRestApi")
            .notServed("GET", "/restapis/{restapi_id}/authorizers", "GetAuthorizers")
            .notServed("POST", "/restapis/{restapi_id}/authorizers", "CreateAuthorizer")
            .notServed("DELETE", "/restapis/{restapi_id}/authorizers/{authorizer_id}", "DeleteAuthorizer")
            .notServed("GET", "/restapis/{restapi_id}/authorizers/{authorizer_id}", "GetAuthorizer")
            .notServed("PATCH", "/restapis/{restapi_id}/authorizers/{authorizer_id}", "UpdateAuthorizer")
            .notServed("POST", "/restapis/{restapi_id}/authorizers/{authorizer_id}", "TestInvokeAuthorizer")
            .notServed("DELETE", "/restapis/{restapi_id}/deployments/{deployment_id}", "DeleteDeployment")
            .notServed("GET", "/restapis/{restapi_id}/documentation/parts", "GetDocumentationParts")
            .notServed("POST", "/restapis/{restapi_id}/documentation/parts", "CreateDocumentationPart")
            .notServed("PUT", "/restapis/{restapi_id}/documentation/parts", "ImportDocumentationParts")
            .notServed("DELETE", "/restapis/{restapi_id}/documentation/parts/{part_id}", "DeleteDocumentationPart")
            .notServed("GET", "/restapis/{restapi_id}/documentation/parts/{part_id}", "GetDocumentationPart")
            .notServed("PATCH", "/restapis/{restapi_id}/documentation/parts/{part_id}", "UpdateDocumentationPart")
            .notServed("GET", "/restapis/{restapi_id}/documentation/versions", "GetDocumentationVersions")
            .notServed("POST", "/restapis/{restapi_id}/documentation/versions", "CreateDocumentationVersion")
            .notServed("DELETE", "/restapis/{restapi_id}/documentation/versions/{doc_version}", "DeleteDocumentationVersion")
            .notServed("GET", "/restapis/{restapi_id}/documentation/versions/{doc_version}", "GetDocumentationVersion")
            .notServed("PATCH", "/restapis/{restapi_id}/documentation/versions/{doc_version}", "UpdateDocumentationVersion")
            .notServed("GET", "/restapis/{restapi_id}/gatewayresponses", "GetGatewayResponses")
            .notServed("DELETE", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "DeleteGatewayResponse")
            .notServed("GET", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "GetGatewayResponse")
            .notServed("PATCH", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "UpdateGatewayResponse")
            .notServed("PUT", "/restapis/{restapi_id}/gatewayresponses/{response_type}", "PutGatewayResponse")
            .notServed("GET", "/restapis/{restapi_id}/models", "GetModels")
            .notServed("POST", "/restapis/{restapi_id}/models", "CreateModel")
            .notServed("DELETE", "/restapis/{restapi_id}/models/{model_name}", "DeleteModel")
            .notServed("GET", "/restapis/{restapi_id}/models/{model_name}", "GetModel")
            .notServed("PATCH", "/restapis/{restapi_id}/models/{model_name}", "UpdateModel")
            .notServed("GET", "/restapis/{restapi_id}/models/{model_name}/default_template", "GetModelTemplate")
            .notServed("GET", "/restapis/{restapi_id}/requestvalidators", "GetRequestValidators")
            .notServed("POST", "/restapis/{restapi_id}/requestvalidators", "CreateRequestValidator")
            .notServed("DELETE", "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}", "DeleteRequestValidator")
            .notServed("GET", "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}", "GetRequestValidator")
            .notServed("PATCH", "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}", "UpdateRequestValidator")
            .notServed("POST", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}", "TestInvokeMethod")
            .notServed("DELETE", "/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers", "FlushStageAuthorizersCache")
            .notServed("DELETE", "/restapis/{restapi_id}/stages/{stage_name}/cache/data", "FlushStageCache")
            .notServed("GET", "/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}", "GetExport")
            .notServed("GET", "/restapis/{restapi_id}/stages/{stage_name}/sdks/{sdk_type}", "GetSdk")
            .notServed("GET", "/sdktypes", "GetSdkTypes")
            .notServed("GET", "/sdktypes/{sdktype_id}", "GetSdkType")
            .notServed("GET", "/usageplans", "GetUsagePlans")
            .notServed("POST", "/usageplans", "CreateUsagePlan")
            .notServed("DELETE", "/usageplans/{usageplanId}", "DeleteUsagePlan")
            .notServed("GET", "/usageplans/{usageplanId}", "GetUsagePlan")
            .notServed("PATCH", "/usageplans/{usageplanId}", "UpdateUsagePlan")
            .notServed("GET", "/usageplans/{usageplanId}/keys", "GetUsagePlanKeys")
            .notServed("POST", "/usageplans/{usageplanId}/keys", "CreateUsagePlanKey")
            .notServed("DELETE", "/usageplans/{usageplanId}/keys/{keyId}", "DeleteUsagePlanKey")
            .notServed("GET", "/usageplans/{usageplanId}/keys/{keyId}", "GetUsagePlanKey")
            .notServed("PATCH", "/usageplans/{usageplanId}/keys/{keyId}/usage", "UpdateUsage")
            .notServed("GET", "/usageplans/{usageplanId}/usage", "GetUsage")
            .notServed("GET", "/vpclinks", "GetVpcLinks")
            .notServed("POST", "/vpclinks", "CreateVpcLink")
            .notServed("DELETE", "/vpclinks/{vpclink_id}", "DeleteVpcLink")
            .notServed("GET", "/vpclinks/{vpclink_id}", "GetVpcLink")
            .notServed("PATCH", "/vpclinks/{vpclink_id}", "UpdateVpcLink")
            .build();

    private final RestApis apis;
    private final ExecuteApi executeApi;
    private final List<Consumer<ApiRequest>> requestListeners = new CopyOnWriteArrayList<>();

    public ApiGatewayService(Path dataDir, LambdaService lambda) {
        this(dataDir, region -> lambda);
    }

    /** One region's API Gateway, whose integrations invoke the Lambda of the region their function's ARN names. */
    public static ApiGatewayService regional(Path dataDir, Function<String, LambdaService> lambdaIn) {
        return new ApiGatewayService(dataDir, lambdaIn);
    }

    private ApiGatewayService(Path dataDir, Function<String, LambdaService> lambdaIn) {
        this.apis = new RestApis(new ApiStore(dataDir));
        this.executeApi = new ExecuteApi(apis, lambdaIn, Duration.ofSeconds(29));
    }

    /** Hears of every data-plane request to a deployed stage, for CloudWatch's AWS/ApiGateway metrics. */
    public void onRequest(Consumer<ApiRequest> listener) {
        requestListeners.add(listener);
    }

    /** The API a data-plane request (an execute-api host, or /restapis/{id}/{stage}/_user_request_/) is for, if it is one. */
    public static Optional<String> dataPlaneApi(CloudRequest request) {
        return ExecuteApi.target(request).map(ExecuteApi.Target::apiId);
    }

    /** Whether the API is this API Gateway's. */
    public boolean holds(String apiId) {
        return apis.holds(apiId);
    }

    @Override
    public String signingName() {
        return "apigateway";
    }

    /** The operations API Gateway serves, read without starting it (`lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    @Override
    public Map<String, Integer> counts() {
        return Map.of("apis", apis.count());
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        Optional<ExecuteApi.Target> target = ExecuteApi.target(request);
        if (target.isPresent()) {
            return executeApi.handle(request, target.get(), r -> requestListeners.forEach(listener -> listener.accept(r)));
        }
        // ImportRestApi and ImportApiKeys share their paths with CreateRestApi and CreateApiKey: ?mode=import tells them apart.
        if (request.method().equals("POST") && "import".equals(request.queryParam("mode"))) {
            switch (request.path()) {
                case "/restapis" -> throw notImplemented("ImportRestApi");
                case "/apikeys" -> throw notImplemented("ImportApiKeys");
                default -> { }
            }
        }
        OperationTable.Routed<Handler> operation = OPERATIONS.route(request.method(), request.path());
        return operation.handler().handle(apis, request, operation.params());
    }

    /**
     * API Gateway's control plane is authorized by HTTP method on the resource's path: {@code apigateway:GET} on
     * {@code arn:aws:apigateway:REGION::/restapis/ID}, as the Service Authorization Reference gives it. Its data plane
     * (execute-api) is not authorized with IAM here.
     */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        if (ExecuteApi.target(request).isPresent()) {
            return List.of();
        }
        return List.of(new IamAction("apigateway:" + request.method(), "arn:aws:apigateway:" + request.region() + "::" + request.path()));
    }

    /** API Gateway's errors: the code in x-amzn-ErrorType, the message alone in the body. */
    @Override
    public CloudResponse error(AwsServiceException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", e.getMessage());
        CloudResponse response = CloudResponse.json(e.status(), body).withHeader("x-amzn-ErrorType", e.code());
        return e.status() == 429 ? response.withHeader("Retry-After", "1") : response;
    }

    @Override
    public void close() {
        executeApi.close();
    }

    private static String api(Map<String, String> path) {
        return path.get("restapi_id");
    }

    private static String resource(Map<String, String> path) {
        return path.get("resource_id");
    }

    /** The HTTP method a method's path names, in any case, as API Gateway keys methods: GET, POST, ANY... */
    private static String method(Map<String, String> path) {
        return path.get("http_method").toUpperCase(Locale.ROOT);
    }

    private static JsonNode body(CloudRequest request) {
        return JsonBodies.object(request, () -> badRequest("Invalid JSON in request body"));
    }

    private static String status(Map<String, String> path) {
        return path.get("status_code");
    }

    private static boolean embedsMethods(CloudRequest request) {
        return "methods".equals(request.queryParam("embed"));
    }

    private static CloudResponse json(int status, Object body) {
        return CloudResponse.json(status, body);
    }

    private static CloudResponse empty(int status, Runnable operation) {
        operation.run();
        return CloudResponse.empty(status);
    }

    /** A list API Gateway answers whole: {@code {"item": [...]}}. */
    private static CloudResponse items(List<?> all) {
        return CloudResponse.json(200, Map.of("item", all));
    }

    /**
     * A resource as GetResource and GetResources answer it: its methods named only (each an empty object)
     * unless {@code embed=methods} asks for them whole, and no {@code resourceMethods} at all when it has none.
     */
    private static ObjectNode view(Resource resource, boolean embedMethods) {
        ObjectNode view = JSON.valueToTree(resource);
        if (!embedMethods && !resource.resourceMethods().isEmpty()) {
            ObjectNode names = view.putObject("resourceMethods");
            resource.resourceMethods().keySet().forEach(names::putObject);
        }
        return view;
    }

    /** One page of a list, as {@link Pages} cuts it, each item shown as {@code view} makes it. */
    private static <T> CloudResponse page(CloudRequest request, List<T> all, Function<T, String> key, Function<T, Object> view) {
        return CloudResponse.json(200, Pages.page(all, key, request.queryParam("position"), request.queryParam("limit"), view));
    }
}
