package dev.lamb.local.cloud.apigateway;

import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.badRequest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.apigateway.PatchRules.Kind;

/**
 * What each Update* operation may patch: the paths the API Gateway reference lists for that resource
 * (PatchOperation, per operation), those of them this local cloud keeps. Any other path answers 400.
 */
final class Patchable {
    static final PatchRules REST_API = new PatchRules()
            .field("/name", "name", Kind.TEXT)
            .field("/description", "description", Kind.TEXT)
            .field("/apiKeySource", "apiKeySource", Kind.TEXT)
            .field("/disableExecuteApiEndpoint", "disableExecuteApiEndpoint", Kind.BOOLEAN)
            .field("/minimumCompressionSize", "minimumCompressionSize", Kind.INTEGER, "replace", "remove")
            .field("/policy", "policy", Kind.TEXT, "replace", "remove")
            .listItem("/binaryMediaTypes", "binaryMediaTypes")
            .custom(Patchable::patchEndpointType);
    static final PatchRules RESOURCE = new PatchRules()
            .field("/pathPart", "pathPart", Kind.TEXT);
    static final PatchRules METHOD = new PatchRules()
            .field("/authorizationType", "authorizationType", Kind.TEXT)
            .field("/authorizerId", "authorizerId", Kind.TEXT)
            .field("/apiKeyRequired", "apiKeyRequired", Kind.BOOLEAN)
            .field("/operationName", "operationName", Kind.TEXT)
            .field("/requestValidatorId", "requestValidatorId", Kind.TEXT)
            .mapEntry("/requestParameters", "requestParameters", Kind.BOOLEAN)
            .mapEntry("/requestModels", "requestModels", Kind.TEXT);
    static final PatchRules INTEGRATION = new PatchRules()
            .field("/uri", "uri", Kind.TEXT)
            .field("/httpMethod", "httpMethod", Kind.TEXT)
            .field("/credentials", "credentials", Kind.TEXT)
            .field("/passthroughBehavior", "passthroughBehavior", Kind.TEXT)
            .field("/timeoutInMillis", "timeoutInMillis", Kind.INTEGER)
            .field("/contentHandling", "contentHandling", Kind.TEXT)
            .field("/cacheNamespace", "cacheNamespace", Kind.TEXT)
            .listItem("/cacheKeyParameters", "cacheKeyParameters");
    static final PatchRules DEPLOYMENT = new PatchRules()
            .field("/description", "description", Kind.TEXT);
    static final PatchRules STAGE = new PatchRules()
            .field("/description", "description", Kind.TEXT)
            .field("/deploymentId", "deploymentId", Kind.TEXT)
            .field("/tracingEnabled", "tracingEnabled", Kind.BOOLEAN)
            .field("/cacheClusterEnabled", "cacheClusterEnabled", Kind.BOOLEAN)
            .mapEntry("/variables", "variables", Kind.TEXT)
            .custom(MethodSettings::patch);
    static final PatchRules METHOD_RESPONSE = new PatchRules()
            .mapEntry("/responseParameters", "responseParameters", Kind.BOOLEAN)
            .mapEntry("/responseModels", "responseModels", Kind.TEXT);
    static final PatchRules INTEGRATION_RESPONSE = new PatchRules()
            .field("/selectionPattern", "selectionPattern", Kind.TEXT)
            .field("/contentHandling", "contentHandling", Kind.TEXT)
            .mapEntry("/responseParameters", "responseParameters", Kind.TEXT)
            .mapEntry("/responseTemplates", "responseTemplates", Kind.TEXT);

    private Patchable() {}

    /** {@code /endpointConfiguration/types/<type>}: replaces the API's endpoint type with the value. */
    private static boolean patchEndpointType(ObjectNode target, PatchRules.Operation operation) {
        String prefix = "/endpointConfiguration/types/";
        if (!operation.path().startsWith(prefix) || !operation.op().equals("replace")) {
            return false;
        }
        String type = operation.value();
        if (type == null || !RestApis.ENDPOINT_TYPES.contains(type)) {
            throw badRequest("Invalid endpoint configuration type: " + type);
        }
        ((ObjectNode) target.get("endpointConfiguration")).putArray("types").add(type);
        return true;
    }
}
