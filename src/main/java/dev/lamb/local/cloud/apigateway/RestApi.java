package dev.lamb.local.cloud.apigateway;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A REST API as GetRestApi answers it and {@code apis.json} keeps it; {@code tags} is null when the API
 * has none (an empty map when TagResource was given none), as the answers tell the two apart. The
 * compression size and the resource policy are kept as given and shown, never enforced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RestApi(String id, String name, String description, long createdDate, List<String> binaryMediaTypes,
        String apiKeySource, EndpointConfiguration endpointConfiguration, boolean disableExecuteApiEndpoint,
        String rootResourceId, Map<String, String> tags, Integer minimumCompressionSize, String policy) {

    /** The endpoint types (EDGE, REGIONAL, PRIVATE) and the address type, always ipv4 here. */
    record EndpointConfiguration(List<String> types, String ipAddressType) {}

    RestApi {
        binaryMediaTypes = binaryMediaTypes == null ? null : List.copyOf(binaryMediaTypes);
        tags = Ordered.copyOrNull(tags);
    }

    RestApi withBinaryMediaTypes(List<String> types) {
        return new RestApi(id, name, description, createdDate, types, apiKeySource, endpointConfiguration,
                disableExecuteApiEndpoint, rootResourceId, tags, minimumCompressionSize, policy);
    }

    RestApi withTags(Map<String, String> tags) {
        return new RestApi(id, name, description, createdDate, binaryMediaTypes, apiKeySource, endpointConfiguration,
                disableExecuteApiEndpoint, rootResourceId, tags, minimumCompressionSize, policy);
    }
}
