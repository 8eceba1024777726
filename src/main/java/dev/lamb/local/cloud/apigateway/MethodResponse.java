package dev.lamb.local.cloud.apigateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A method's response for one status code, as PutMethodResponse made it (the service model's MethodResponse). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MethodResponse(String statusCode, Map<String, Boolean> responseParameters, Map<String, String> responseModels) {

    MethodResponse {
        responseParameters = Ordered.copyOrNull(responseParameters);
        responseModels = Ordered.copyOrNull(responseModels);
    }
}
