package dev.lamb.local.cloud.apigateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A method of a resource, as PutMethod made it, with the integration PutIntegration gave it and the
 * responses PutMethodResponse gave it (each null until then).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Method(String httpMethod, String authorizationType, boolean apiKeyRequired, Map<String, Boolean> requestParameters,
        Map<String, String> requestModels, String operationName, String authorizerId, String requestValidatorId,
        Integration methodIntegration, Map<String, MethodResponse> methodResponses) {

    Method {
        requestParameters = Ordered.copyOrNull(requestParameters);
        requestModels = Ordered.copyOrNull(requestModels);
        methodResponses = Ordered.copyOrNull(methodResponses);
    }

    Method withIntegration(Integration integration) {
        return new Method(httpMethod, authorizationType, apiKeyRequired, requestParameters, requestModels, operationName,
                authorizerId, requestValidatorId, integration, methodResponses);
    }

    /** This method with the response for its status code added or replaced, or removed when it is null. */
    Method withResponse(String statusCode, MethodResponse response) {
        Map<String, MethodResponse> responses = methodResponses == null ? Map.of() : methodResponses;
        responses = response == null ? Ordered.without(responses, statusCode) : Ordered.with(responses, statusCode, response);
        return new Method(httpMethod, authorizationType, apiKeyRequired, requestParameters, requestModels, operationName,
                authorizerId, requestValidatorId, methodIntegration, responses.isEmpty() ? null : responses);
    }
}
