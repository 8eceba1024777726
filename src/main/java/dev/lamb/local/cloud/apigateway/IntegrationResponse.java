package dev.lamb.local.cloud.apigateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An integration's response for one status code, as PutIntegrationResponse made it (the service model's
 * IntegrationResponse). A proxy integration passes the function's answer through, so the data plane reads
 * none of it; it is kept and shown as API Gateway shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IntegrationResponse(String statusCode, String selectionPattern, Map<String, String> responseParameters,
        Map<String, String> responseTemplates, String contentHandling) {

    IntegrationResponse {
        responseParameters = Ordered.copyOrNull(responseParameters);
        responseTemplates = Ordered.copyOrNull(responseTemplates);
    }
}
