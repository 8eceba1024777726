package dev.lamb.local.cloud.apigateway;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A method's integration: here always AWS_PROXY to a Lambda function, called with POST. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Integration(String type, String httpMethod, String uri, String credentials, String passthroughBehavior,
        int timeoutInMillis, String contentHandling, String cacheNamespace, List<String> cacheKeyParameters,
        Map<String, IntegrationResponse> integrationResponses) {

    Integration {
        cacheKeyParameters = cacheKeyParameters == null ? List.of() : List.copyOf(cacheKeyParameters);
        integrationResponses = Ordered.copyOrNull(integrationResponses);
    }

    /** This integration with the response for its status code added or replaced, or removed when it is null. */
    Integration withResponse(String statusCode, IntegrationResponse response) {
        Map<String, IntegrationResponse> responses = integrationResponses == null ? Map.of() : integrationResponses;
        responses = response == null ? Ordered.without(responses, statusCode) : Ordered.with(responses, statusCode, response);
        return new Integration(type, httpMethod, uri, credentials, passthroughBehavior, timeoutInMillis, contentHandling,
                cacheNamespace, cacheKeyParameters, responses.isEmpty() ? null : responses);
    }
}
