package dev.lamb.local.cloud.apigateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A deployment: the snapshot of the API's resources (with their methods and integrations) taken when it
 * was made, which the stages pointing at it serve whatever changes after.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Deployment(String id, String description, long createdDate, Map<String, Resource> snapshot) {

    /** A deployment as GetDeployment answers it: without the snapshot. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Described(String id, String description, long createdDate) {}

    Deployment {
        snapshot = Ordered.copy(snapshot);
    }

    Described described() {
        return new Described(id, description, createdDate);
    }
}
