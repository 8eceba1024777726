package dev.lamb.local.apigateway;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway resource path such as `/items/{id}` or `/files/{proxy+}`: `{name}` matches one path
 * segment, a trailing `{name+}` matches the rest of the path (one segment or more).
 */
public record RouteTemplate(String template) {
    /** The path parameters when the path matches, decoded as API Gateway passes them. */
    public Optional<Map<String, String>> match(String path) {
        String[] want = split(template);
        String[] got = split(path);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            String segment = want[i];
            boolean greedy = segment.startsWith("{") && segment.endsWith("+}");
            if (greedy) {
                if (i != want.length - 1 || got.length <= i) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 2), String.join("/", Arrays.copyOfRange(got, i, got.length)));
                return Optional.of(params);
            }
            if (i >= got.length) {
                return Optional.empty();
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (got[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 1), got[i]);
            } else if (!segment.equals(got[i])) {
                return Optional.empty();
            }
        }
        return want.length == got.length ? Optional.of(params) : Optional.empty();
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
