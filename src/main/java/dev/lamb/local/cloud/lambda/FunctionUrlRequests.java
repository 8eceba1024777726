package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;

/**
 * A request to a function URL, {@code http://<url-id>.lambda-url.<region>.localhost:<port>/...}, as Lambda passes
 * it on: the function gets the HTTP API payload format 2.0 event, and its answer is read as that format reads it
 * (an object with statusCode is the response; anything else is a 200 JSON body).
 */
final class FunctionUrlRequests {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionUrlRequests() {}

    /** The event of a request to the URL, for the invocation with this request id. */
    static byte[] event(CloudRequest request, String urlId, String requestId) {
        Instant now = Instant.now();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", request.path());
        event.put("rawQueryString", request.query().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&")));
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Cookie")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        List<String> cookies = request.headers().getOrDefault("Cookie", List.of()).stream()
                .flatMap(c -> List.of(c.split(";\\s*")).stream()).toList();
        if (!cookies.isEmpty()) {
            event.set("cookies", JSON.valueToTree(cookies));
        }
        event.set("headers", JSON.valueToTree(headers));
        if (!request.query().isEmpty()) {
            Map<String, String> query = new LinkedHashMap<>();
            request.query().forEach((k, v) -> query.put(k, String.join(",", v)));
            event.set("queryStringParameters", JSON.valueToTree(query));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "anonymous");
        context.put("apiId", urlId);
        context.put("domainName", request.header("Host"));
        context.put("domainPrefix", urlId);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.path());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", request.header("User-Agent"));
        context.put("requestId", requestId);
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        byte[] body = request.body();
        if (body.length > 0) {
            boolean text = ProxyEvent.isUtf8(body);
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The HTTP answer to the function's result; a function that failed is Lambda's 502. */
    static CloudResponse response(InvocationResult result) {
        if (result.functionError() != null) {
            return CloudResponse.json(502, Map.of("Message", "Internal Server Error"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(result.payload());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("statusCode")) {
            return new CloudResponse(200, new LinkedHashMap<>(Map.of("Content-Type", "application/json")), result.payload());
        }
        Optional<ProxyResponse> parsed = ProxyResponse.parse(result.payload());
        if (parsed.isEmpty()) {
            return CloudResponse.json(502, Map.of("Message", "Internal Server Error"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        parsed.get().headers().forEach((k, v) -> headers.put(k, String.join(",", v)));
        return new CloudResponse(parsed.get().statusCode(), headers, parsed.get().body());
    }

    /**
     * The CORS headers Lambda adds for a function URL with a Cors configuration, to a request from an allowed Origin:
     * on a preflight the methods, headers and max age too, on other answers the exposed headers.
     */
    static Map<String, String> corsHeaders(Map<String, Object> cors, String origin, boolean preflight) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> origins = list(cors, "AllowOrigins");
        if (cors == null || origin == null || !(origins.contains("*") || origins.contains(origin))) {
            return headers;
        }
        headers.put("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
        if (Boolean.TRUE.equals(cors.get("AllowCredentials"))) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        if (preflight) {
            putJoined(headers, "Access-Control-Allow-Methods", list(cors, "AllowMethods"));
            putJoined(headers, "Access-Control-Allow-Headers", list(cors, "AllowHeaders"));
            if (cors.get("MaxAge") != null) {
                headers.put("Access-Control-Max-Age", String.valueOf(cors.get("MaxAge")));
            }
        } else {
            putJoined(headers, "Access-Control-Expose-Headers", list(cors, "ExposeHeaders"));
        }
        return headers;
    }

    private static List<String> list(Map<String, Object> cors, String key) {
        return cors != null && cors.get(key) instanceof List<?> values ? values.stream().map(String::valueOf).toList() : List.of();
    }

    private static void putJoined(Map<String, String> headers, String name, List<String> values) {
        if (!values.isEmpty()) {
            headers.put(name, String.join(",", values));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
