package dev.lamb.local.cloud.apigateway;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a function's resource policy lets API Gateway invoke it for a request: a statement that allows
 * lambda:InvokeFunction to apigateway.amazonaws.com (or anyone), with no AWS:SourceArn condition or one
 * that matches the request's execute-api ARN, for its path or its resource's.
 */
final class InvokePermission {
    private InvokePermission() {}

    /** The ARNs a request is known by: {@code arn:aws:execute-api:region:account:api/stage/METHOD/path}, by path and by resource. */
    static List<String> sourceArns(String region, String apiId, String stage, String method, String path, String resourcePath) {
        String base = "arn:aws:execute-api:" + region + ":" + RestApis.ACCOUNT + ":" + apiId + "/" + stage + "/" + method + "/";
        return List.of(base + strip(path), base + strip(resourcePath));
    }

    static boolean allows(List<Map<String, Object>> statements, List<String> sourceArns) {
        for (Map<String, Object> s : statements) {
            if (!"Allow".equals(s.get("Effect"))) {
                continue;
            }
            Object principal = s.get("Principal");
            boolean service = "*".equals(principal)
                    || (principal instanceof Map<?, ?> p && "apigateway.amazonaws.com".equals(p.get("Service")));
            Object action = s.get("Action");
            boolean invoke = "lambda:InvokeFunction".equals(action) || "lambda:*".equals(action) || "*".equals(action);
            if (!service || !invoke) {
                continue;
            }
            String sourceArn = sourceArnCondition(s.get("Condition"));
            if (sourceArn == null) {
                return true;
            }
            for (String candidate : sourceArns) {
                if (arnLike(sourceArn, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String sourceArnCondition(Object condition) {
        String sourceArn = null;
        if (condition instanceof Map<?, ?> c) {
            for (Object op : c.values()) {
                if (op instanceof Map<?, ?> values && values.get("AWS:SourceArn") != null) {
                    sourceArn = values.get("AWS:SourceArn").toString();
                }
            }
        }
        return sourceArn;
    }

    /** IAM's ArnLike: `*` matches any run of characters, `?` one character. */
    static boolean arnLike(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
