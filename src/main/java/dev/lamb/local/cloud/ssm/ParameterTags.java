package dev.lamb.local.cloud.ssm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.JsonBodies;

/**
 * AddTagsToResource, RemoveTagsFromResource and ListTagsForResource on the parameters of a store, as the SSM API Reference
 * defines them for the Parameter resource type, the only one Parameter Store has.
 */
final class ParameterTags {
    /** The most tags a resource of Systems Manager carries (User Guide, "Tagging Systems Manager resources"). */
    private static final int MAX_TAGS = 50;

    private final ParameterStore store;

    ParameterTags(ParameterStore store) {
        this.store = store;
    }

    Object add(JsonNode body) {
        JsonNode given = JsonBodies.requiredList(body, "Tags", SsmErrors::validation);
        synchronized (store) {
            StoredParameter parameter = tagged(body);
            Map<String, String> tags = new LinkedHashMap<>(parameter.tags());
            given.forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
            if (tags.size() > MAX_TAGS) {
                throw new AwsServiceException(400, "TooManyTagsError", "The resource can have at most " + MAX_TAGS + " tags.");
            }
            store.put(new StoredParameter(parameter.versions(), tags));
        }
        return Map.of();
    }

    Object remove(JsonNode body) {
        JsonNode keys = JsonBodies.requiredList(body, "TagKeys", SsmErrors::validation);
        synchronized (store) {
            StoredParameter parameter = tagged(body);
            Map<String, String> tags = new LinkedHashMap<>(parameter.tags());
            keys.forEach(k -> tags.remove(k.asText()));
            store.put(new StoredParameter(parameter.versions(), tags));
        }
        return Map.of();
    }

    Object list(JsonNode body) {
        List<Map<String, String>> tags = new ArrayList<>();
        tagged(body).tags().forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
        return Map.of("TagList", tags);
    }

    /** The parameter a tagging request names: Parameter Store serves the Parameter resource type only. */
    private StoredParameter tagged(JsonNode body) {
        String type = JsonBodies.required(body, "ResourceType", SsmErrors::validation);
        String id = JsonBodies.required(body, "ResourceId", SsmErrors::validation);
        if (!"Parameter".equals(type)) {
            throw new AwsServiceException(400, "InvalidResourceType", "The resource type isn't valid. lamb's local cloud tags "
                    + "parameters only (ResourceType Parameter).");
        }
        return store.get(ParameterNames.reference(id).name()).orElseThrow(() -> new AwsServiceException(400, "InvalidResourceId",
                "The resource ID isn't valid. Verify that you entered the correct ID and try again."));
    }
}
