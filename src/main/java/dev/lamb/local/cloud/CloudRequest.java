package dev.lamb.local.cloud;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request to the local cloud: the decoded path, its query, headers (names case-insensitive), the
 * raw body, the region it is for, and the credential scope of its signature (null when unsigned), as admission read it.
 */
public record CloudRequest(String method, String path, Map<String, List<String>> query, TreeMap<String, List<String>> headers,
        byte[] body, String region, CredentialScope scope) {

    /** An unsigned request. */
    public CloudRequest(String method, String path, Map<String, List<String>> query, TreeMap<String, List<String>> headers,
            byte[] body, String region) {
        this(method, path, query, headers, body, region, null);
    }

    /** This request with the body read after its head was judged. */
    public CloudRequest withBody(byte[] body) {
        return new CloudRequest(method, path, query, headers, body, region, scope);
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The access key the request is signed with (its one signature's, header or presigned), or null when unsigned. */
    public String accessKeyId() {
        return scope == null ? null : scope.accessKeyId();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
