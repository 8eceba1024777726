package dev.lamb.local.cloud;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One request to the local cloud: the decoded path, its query, headers (names case-insensitive), the
 * raw body, the region it is for, and the credential scope of its signature (null when unsigned), as admission read it;
 * and its path and query as they came, not decoded ({@code rawPath}, {@code rawQuery}, empty when it has none), which a
 * function URL's event passes on so.
 */
public record CloudRequest(String method, String path, Map<String, List<String>> query, TreeMap<String, List<String>> headers,
        byte[] body, String region, CredentialScope scope, String rawPath, String rawQuery) {

    /** A request made in the cloud (a test's): its raw path and query are its path and query, encoded. */
    public CloudRequest(String method, String path, Map<String, List<String>> query, TreeMap<String, List<String>> headers,
            byte[] body, String region, CredentialScope scope) {
        this(method, path, query, headers, body, region, scope, path, query.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&")));
    }

    /** An unsigned request. */
    public CloudRequest(String method, String path, Map<String, List<String>> query, TreeMap<String, List<String>> headers,
            byte[] body, String region) {
        this(method, path, query, headers, body, region, null);
    }

    /** This request with the body read after its head was judged. */
    public CloudRequest withBody(byte[] body) {
        return new CloudRequest(method, path, query, headers, body, region, scope, rawPath, rawQuery);
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
