package dev.lamb.local.cloud.apigateway;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A REST API as GetRestApi answers it and {@code apis.json} keeps it; {@code tags} is null when the API
 * has none (an empty map when TagResource was given none), as the answers tell the two apart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RestApi(String id, String name, String description, long createdDate, List<String> binaryMediaTypes,
        String apiKeySource, EndpointConfiguration endpointConfiguration, boolean disableExecuteApiEndpoint,
        String rootResourceId, Map<String, String> tags) {

    /** The endpoint types (EDGE, REGIONAL, PRIVATE) and the address type, always ipv4 here. */
    record EndpointConfiguration(List<String> types, String ipAddressType) {}

    RestApi {
        binaryMediaTypes = binaryMediaTypes == null ? null : List.copyOf(binaryMediaTypes);
        tags = Ordered.copyOrNull(tags);
    }

    RestApi withBinaryMediaTypes(List<String> types) {
        return new RestApi(id, name, description, createdDate, types, apiKeySource, endpointConfiguration,
                disableExecuteApiEndpoint, rootResourceId, tags);
    }

    RestApi withTags(Map<String, String> tags) {
        return new RestApi(id, name, description, createdDate, binaryMediaTypes, apiKeySource, endpointConfiguration,
                disableExecuteApiEndpoint, rootResourceId, tags);
    }
}
