package dev.lamb.local.cloud;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request to the local cloud: the decoded path, its query, headers (names case-insensitive), the
 * raw body, and the region from the request's signature.
 */
public record CloudRequest(String method, String path, Map<String, List<String>> query, TreeMap<String, List<String>> headers,
        byte[] body, String region) {
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");

    /** This request with the body read after its head was judged. */
    public CloudRequest withBody(byte[] body) {
        return new CloudRequest(method, path, query, headers, body, region);
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The access key the request is signed with, in its Authorization header or a presigned URL's X-Amz-Credential. */
    public String accessKeyId() {
        String authorization = header("Authorization");
        if (authorization != null) {
            Matcher m = ACCESS_KEY.matcher(authorization);
            if (m.find()) {
                return m.group(1);
            }
        }
        String credential = queryParam("X-Amz-Credential");
        return credential == null ? null : credential.substring(0, Math.max(0, credential.indexOf('/')));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
