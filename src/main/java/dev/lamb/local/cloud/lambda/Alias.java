package dev.lamb.local.cloud.lambda;

import java.util.Map;

/** A named pointer to a version, optionally shifting a share of invocations to another version. */
record Alias(String name, String functionVersion, String description, Map<String, Double> additionalVersionWeights,
        String revisionId) {

    Alias {
        additionalVersionWeights = Map.copyOf(additionalVersionWeights == null ? Map.of() : additionalVersionWeights);
    }
}
