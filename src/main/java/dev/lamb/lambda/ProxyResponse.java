package dev.lamb.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A function's answer to a proxy event, read the way API Gateway reads it: statusCode (a number or a
 * numeric string, 200 when absent), headers and multiValueHeaders (the latter winning), and a body
 * that is base64 when isBase64Encoded. Anything else makes API Gateway answer 502.
 */
public record ProxyResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("statusCode", "headers", "multiValueHeaders", "body",
            "isBase64Encoded", "cookies");

    /** The response, or empty when API Gateway would call it malformed. */
    public static Optional<ProxyResponse> parse(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            if (!KEYS.contains(it.next())) {
                return Optional.empty();
            }
        }
        int status = 200;
        JsonNode code = root.get("statusCode");
        if (code != null && !code.isNull()) {
            if (code.isInt()) {
                status = code.asInt();
            } else if (code.isTextual() && code.asText().matches("\\d{3}")) {
                status = Integer.parseInt(code.asText());
            } else {
                return Optional.empty();
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        JsonNode single = root.get("headers");
        if (single != null && !single.isNull()) {
            if (!single.isObject()) {
                return Optional.empty();
            }
            for (var e : single.properties()) {
                if (!e.getValue().isValueNode()) {
                    return Optional.empty();
                }
                headers.put(e.getKey(), List.of(e.getValue().asText()));
            }
        }
        JsonNode multi = root.get("multiValueHeaders");
        if (multi != null && !multi.isNull()) {
            if (!multi.isObject()) {
                return Optional.empty();
            }
            for (var e : multi.properties()) {
                if (!e.getValue().isArray()) {
                    return Optional.empty();
                }
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                headers.put(e.getKey(), values);
            }
        }
        byte[] body = new byte[0];
        JsonNode text = root.get("body");
        if (text != null && !text.isNull()) {
            boolean base64 = root.path("isBase64Encoded").asBoolean(false);
            try {
                body = base64 ? Base64.getDecoder().decode(text.asText()) : text.asText().getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", List.of("application/json"));
        }
        return Optional.of(new ProxyResponse(status, headers, body));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
