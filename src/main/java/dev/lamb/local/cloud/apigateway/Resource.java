package dev.lamb.local.cloud.apigateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A resource of a REST API: its path part under its parent (the root has neither), its full path, and
 * its methods by HTTP method (GET, POST, ..., ANY).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Resource(String id, String parentId, String pathPart, String path,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Method> resourceMethods) {

    Resource {
        resourceMethods = Ordered.copy(resourceMethods);
    }

    static Resource root(String id) {
        return new Resource(id, null, null, "/", Map.of());
    }

    boolean greedy() {
        return pathPart != null && pathPart.endsWith("+}");
    }

    boolean variable() {
        return pathPart != null && pathPart.startsWith("{");
    }

    Resource withPathPart(String pathPart) {
        return new Resource(id, parentId, pathPart, path, resourceMethods);
    }

    Resource withPath(String path) {
        return new Resource(id, parentId, pathPart, path, resourceMethods);
    }

    Resource withMethod(Method method) {
        return new Resource(id, parentId, pathPart, path, Ordered.with(resourceMethods, method.httpMethod(), method));
    }

    Resource withoutMethod(String httpMethod) {
        return new Resource(id, parentId, pathPart, path, Ordered.without(resourceMethods, httpMethod));
    }
}
