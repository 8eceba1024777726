package dev.lamb.local.apigateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as API Gateway sees it before it calls the function: the matched route's resource
 * template and path parameters, the query and headers with all their values, and the raw body.
 */
public record ProxyRequest(String method, String path, String resource, Map<String, String> pathParameters,
        Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body, String stage,
        String apiId, String sourceIp) {}
