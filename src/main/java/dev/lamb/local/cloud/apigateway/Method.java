package dev.lamb.local.cloud.apigateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A method of a resource, as PutMethod made it, with the integration PutIntegration gave it (null until then). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Method(String httpMethod, String authorizationType, boolean apiKeyRequired, Map<String, Boolean> requestParameters,
        Map<String, String> requestModels, String operationName, String authorizerId, String requestValidatorId,
        Integration methodIntegration) {

    Method {
        requestParameters = Ordered.copyOrNull(requestParameters);
        requestModels = Ordered.copyOrNull(requestModels);
    }

    Method withIntegration(Integration integration) {
        return new Method(httpMethod, authorizationType, apiKeyRequired, requestParameters, requestModels, operationName,
                authorizerId, requestValidatorId, integration);
    }
}
