package dev.lamb.local.apigateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway resource path such as `/items/{id}` or `/files/{proxy+}`: `{name}` matches one path
 * segment, a trailing `{name+}` matches the rest of the path (one segment or more). A trailing slash
 * is no segment of its own, so `/items/42/` is `/items/42`.
 */
public record RouteTemplate(String template) {
    /** The path parameters when the path matches, decoded as API Gateway passes them. */
    public Optional<Map<String, String>> match(String path) {
        List<String> want = segments(template);
        List<String> got = segments(path);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String segment = want.get(i);
            if (isGreedy(segment)) {
                if (i != want.size() - 1 || got.size() <= i) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 2), String.join("/", got.subList(i, got.size())));
                return Optional.of(params);
            }
            if (i >= got.size()) {
                return Optional.empty();
            }
            if (isVariable(segment)) {
                if (got.get(i).isEmpty()) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 1), got.get(i));
            } else if (!segment.equals(got.get(i))) {
                return Optional.empty();
            }
        }
        return want.size() == got.size() ? Optional.of(params) : Optional.empty();
    }

    /** The segments of a path or template, without the leading and trailing slash: none for `/`. */
    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }

    /** `{proxy+}`: the rest of the path. */
    static boolean isGreedy(String segment) {
        return segment.startsWith("{") && segment.endsWith("+}");
    }

    /** `{id}` (or `{proxy+}`): a segment the path fills in. */
    static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
