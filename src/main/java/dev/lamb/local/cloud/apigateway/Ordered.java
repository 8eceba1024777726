package dev.lamb.local.cloud.apigateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Unmodifiable copies of maps that keep their order: API Gateway lists resources, methods and tags as they were added. */
final class Ordered {
    private Ordered() {}

    static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <V> Map<String, V> copyOrNull(Map<String, V> map) {
        return map == null ? null : copy(map);
    }

    /** A copy of the map with one more entry, or one replaced in place. */
    static <V> Map<String, V> with(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }

    static <V> Map<String, V> without(Map<String, V> map, String key) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return Collections.unmodifiableMap(copy);
    }
}
