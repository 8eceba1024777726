package dev.lamb.local.cloud.ssm;

import java.util.List;
import java.util.Map;

/** A parameter: its versions, oldest first (Parameter Store keeps the last 100), and its tags. */
record StoredParameter(List<ParameterVersion> versions, Map<String, String> tags) {
    StoredParameter {
        versions = List.copyOf(versions);
        tags = Map.copyOf(tags);
    }

    ParameterVersion latest() {
        return versions.get(versions.size() - 1);
    }

    String name() {
        return versions.get(0).name();
    }
}
