package dev.lamb.local.cloud.apigateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stage: a name clients call the API under, pointing at one deployment. Timestamps are epoch seconds;
 * {@code methodSettings} holds what UpdateStage set, by
 * {@code <resource path>/<HTTP method>} (asterisks for all resources or methods), as {@link MethodSettings} makes them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Stage(String stageName, boolean cacheClusterEnabled, String cacheClusterStatus, Map<String, Object> methodSettings,
        boolean tracingEnabled, long createdDate, long lastUpdatedDate, String deploymentId, String description,
        Map<String, String> variables) {

    Stage {
        methodSettings = Ordered.copy(methodSettings);
        variables = Ordered.copyOrNull(variables);
    }

    static Stage created(String name, long now, String deploymentId, String description, Map<String, String> variables) {
        return new Stage(name, false, "NOT_AVAILABLE", Map.of(), false, now, now, deploymentId, description, variables);
    }

    /** This stage as an update left it, changed now. */
    Stage updated(long now) {
        return new Stage(stageName, cacheClusterEnabled, cacheClusterStatus, methodSettings, tracingEnabled, createdDate, now,
                deploymentId, description, variables);
    }

    /**
     * This stage pointing at a new deployment, as CreateDeployment with a stage name does: the description,
     * variables and tracing change only where the request gives them.
     */
    Stage deployed(String deploymentId, String description, Map<String, String> variables, Boolean tracingEnabled, long now) {
        return new Stage(stageName, cacheClusterEnabled, cacheClusterStatus, methodSettings,
                tracingEnabled == null ? this.tracingEnabled : tracingEnabled, createdDate, now, deploymentId,
                description == null ? this.description : description, variables == null ? this.variables : variables);
    }
}
