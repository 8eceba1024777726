package dev.lamb.local.apigateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the Lambda proxy integration event of an API Gateway REST API (not the HTTP API's payload,
 * which has a version field), as AWS sends it: absent maps are null, the single-value maps keep the
 * last value, `path` has no stage while `requestContext.path` has it, and a body that is not UTF-8
 * text is base64 with isBase64Encoded.
 */
public final class ProxyEvent {
    // Characters outside the BMP (an emoji) as their 4 UTF-8 bytes, as API Gateway sends them, not as \\u escape pairs.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ProxyEvent() {}

    public static byte[] build(ProxyRequest r) {
        Instant now = Instant.now();
        String domain = r.apiId() + ".execute-api.localhost";
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", r.resource());
        event.put("path", r.path());
        event.put("httpMethod", r.method());
        event.set("headers", single(r.headers()));
        event.set("multiValueHeaders", multi(r.headers()));
        event.set("queryStringParameters", single(r.query()));
        event.set("multiValueQueryStringParameters", multi(r.query()));
        event.set("pathParameters", r.pathParameters().isEmpty() ? null : JSON.valueToTree(r.pathParameters()));
        event.putNull("stageVariables");

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", r.apiId());
        context.put("deploymentId", "local");
        context.put("domainName", domain);
        context.put("domainPrefix", r.apiId());
        context.put("extendedRequestId", UUID.randomUUID().toString());
        context.put("httpMethod", r.method());
        ObjectNode identity = context.putObject("identity");
        for (String key : List.of("accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId", "user", "userArn")) {
            identity.putNull(key);
        }
        identity.put("sourceIp", r.sourceIp());
        identity.put("userAgent", first(r.headers(), "User-Agent"));
        context.put("path", "/" + r.stage() + r.path());
        context.put("protocol", "HTTP/1.1");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.put("resourceId", "local");
        context.put("resourcePath", r.resource());
        context.put("stage", r.stage());

        if (r.body() == null || r.body().length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else if (isUtf8(r.body())) {
            event.put("body", new String(r.body(), StandardCharsets.UTF_8));
            event.put("isBase64Encoded", false);
        } else {
            event.put("body", Base64.getEncoder().encodeToString(r.body()));
            event.put("isBase64Encoded", true);
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static ObjectNode single(Map<String, List<String>> values) {
        if (values.isEmpty()) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        values.forEach((k, v) -> node.put(k, v.isEmpty() ? "" : v.get(v.size() - 1)));
        return node;
    }

    private static ObjectNode multi(Map<String, List<String>> values) {
        if (values.isEmpty()) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        values.forEach((k, v) -> {
            // The array built directly: valueToTree would run the list through a serializer, per header of each request.
            ArrayNode array = node.putArray(k);
            v.forEach(array::add);
        });
        return node;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst().orElse(null);
    }

    /** True when an event is an API Gateway proxy request (from a file, say), whose answer is an HTTP response. */
    public static boolean isRequest(byte[] event) {
        try {
            JsonNode node = JSON.readTree(event);
            return node != null && node.hasNonNull("httpMethod") && node.has("requestContext");
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the bytes are valid UTF-8 text, as API Gateway decides whether to base64 a body. */
    public static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
