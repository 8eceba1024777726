package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lamb.local.cloud.ValidationMessage;

/**
 * The tags of an IAM entity (a role, a managed policy), as TagX, UntagX and ListXTags change and list them: keys
 * unique regardless of case, at most 50, listed by key.
 */
final class EntityTags {
    private EntityTags() {}

    /** The entity's tags with the request's Tags added, replacing any of the same key regardless of case. */
    static Map<String, String> tagged(Map<String, String> existing, Map<String, String> p, String quota) {
        Map<String, String> added = IamParams.tags(p, quota);
        if (added.isEmpty()) {
            throw IamParams.validation(ValidationMessage.mustNotBeNull("tags"));
        }
        Map<String, String> merged = new LinkedHashMap<>(existing);
        added.forEach((k, v) -> {
            merged.keySet().removeIf(key -> key.equalsIgnoreCase(k));
            merged.put(k, v);
        });
        if (merged.size() > IamParams.MAX_TAGS) {
            throw IamParams.tooManyTags(quota);
        }
        return merged;
    }

    /** The entity's tags without the request's TagKeys, regardless of case. */
    static Map<String, String> untagged(Map<String, String> existing, Map<String, String> p) {
        List<String> keys = IamParams.members(p, "TagKeys").values().stream().map(m -> m.get("")).toList();
        if (keys.isEmpty()) {
            throw IamParams.validation(ValidationMessage.mustNotBeNull("tagKeys"));
        }
        Map<String, String> remaining = new LinkedHashMap<>(existing);
        remaining.keySet().removeIf(k -> keys.stream().anyMatch(k::equalsIgnoreCase));
        return remaining;
    }

    /** The answer of a ListXTags action: a page of Tags, by key. */
    static String list(String action, Map<String, String> tags, Map<String, String> p) {
        // A key is unique regardless of case, so it names the last tag given, and the marker resumes after it even when
        // that tag was removed meanwhile (a position in the order of tagging would then start over).
        Paging.Page<Map.Entry<String, String>> page = Paging.page(action, new ArrayList<>(tags.entrySet()),
                t -> IamStore.key(t.getKey()), p);
        return IamService.QUERY.respond(action, x -> {
            x.start("Tags");
            for (Map.Entry<String, String> tag : page.items()) {
                x.start("member").element("Key", tag.getKey()).element("Value", tag.getValue()).end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }
}
