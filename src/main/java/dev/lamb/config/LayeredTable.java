package dev.lamb.config;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A TOML table read through another laid over it: each key comes from {@code over} where set there, else from
 * {@code base}. This is how a [stage.NAME] table overrides [function] key by key (and [stage.NAME.environment]
 * overrides [function.environment] variable by variable), while errors still name the line the value came from.
 * Either table may be missing (null); a base-only table has no {@code over}.
 */
record LayeredTable(JsonNode base, String basePrefix, JsonNode over, String overPrefix) {
    static LayeredTable of(JsonNode table, String name) {
        return new LayeredTable(table, name, null, "");
    }

    JsonNode get(String key) {
        if (over != null && over.has(key)) {
            return over.get(key);
        }
        return base == null ? null : base.get(key);
    }

    /** The key as the user wrote it: "stage.prod.memory" when the stage sets it, else "function.memory". */
    String dotted(String key) {
        return (over != null && over.has(key) ? overPrefix : basePrefix) + "." + key;
    }

    /** The name of this table itself, for errors about the table as a whole. */
    String name() {
        return over != null ? overPrefix : basePrefix;
    }

    /** A nested table, layered the same way. */
    LayeredTable child(String key) {
        return new LayeredTable(base == null ? null : base.get(key), basePrefix + "." + key,
                over == null ? null : over.get(key), overPrefix + "." + key);
    }

    boolean isSet() {
        return base != null || over != null;
    }

    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        if (base != null) {
            base.fieldNames().forEachRemaining(keys::add);
        }
        if (over != null) {
            for (Iterator<String> it = over.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
        }
        return keys;
    }
}
