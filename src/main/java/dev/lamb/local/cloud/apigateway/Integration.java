package dev.lamb.local.cloud.apigateway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A method's integration: here always AWS_PROXY to a Lambda function, called with POST. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Integration(String type, String httpMethod, String uri, String credentials, String passthroughBehavior,
        int timeoutInMillis, String contentHandling, String cacheNamespace, List<String> cacheKeyParameters) {

    Integration {
        cacheKeyParameters = cacheKeyParameters == null ? List.of() : List.copyOf(cacheKeyParameters);
    }
}
