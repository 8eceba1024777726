package dev.lamb.local.cloud.apigateway;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/**
 * Everything API Gateway keeps about one REST API: the API, the region it was created in, its resources,
 * deployments and stages, each by id (stages by name) in the order they were made. Mutated only under the
 * control plane's lock; persisted as one entry of {@code apis.json}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class StoredApi {
    RestApi api;
    String region;
    Map<String, Resource> resources = new LinkedHashMap<>();
    Map<String, Deployment> deployments = new LinkedHashMap<>();
    Map<String, Stage> stages = new LinkedHashMap<>();

    boolean hasMethods() {
        return resources.values().stream().anyMatch(r -> !r.resourceMethods().isEmpty());
    }
}
