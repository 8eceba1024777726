package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.CredentialScope;
import dev.lamb.local.cloud.DataPlane;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.PolicyDecision;
import dev.lamb.local.cloud.iam.PolicyEvaluator;

/**
 * A request to a function URL, {@code http://<url-id>.lambda-url.<region>.localhost:<port>/...} (or its path form), as
 * Lambda passes it on: the function gets the payload format 2.0 event (Lambda developer guide, "Invoking Lambda function
 * URLs", request payload format), and its answer is read as that format reads it (an object with statusCode is the
 * response, its cookies Set-Cookie headers; any other JSON value is a 200 application/json body).
 */
final class FunctionUrlRequests {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ANONYMOUS_LACKS = Set.of("aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID");
    private static final CloudResponse INTERNAL_ERROR = CloudResponse.json(502, Map.of("Message", "Internal Server Error"));

    private FunctionUrlRequests() {}

    /**
     * The event of a request to the URL, for the invocation with this request id; {@code path} is the path within the
     * URL, {@code caller} the signature's scope of an AWS_IAM URL's caller (null for a NONE URL, whose caller is anonymous).
     */
    static byte[] event(CloudRequest request, DataPlane url, String requestId, CredentialScope caller) {
        Instant now = Instant.now();
        String path = url.path();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        // rawPath and rawQueryString are as the client sent them, not decoded (the guide's "Request payload format").
        event.put("rawPath", DataPlane.of(request.header("Host"), request.rawPath()).map(DataPlane::path).orElse(path));
        event.put("rawQueryString", request.rawQuery());
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
        // Recorded events of NONE URLs carry "anonymous"; the guide gives the owner's account for AWS_IAM ones.
        context.put("accountId", caller == null ? "anonymous" : LocalAccount.ID);
        context.put("apiId", url.id());
        if (caller != null) {
            ObjectNode iam = context.putObject("authorizer").putObject("iam");
            iam.put("accessKey", caller.accessKeyId());
            iam.put("accountId", LocalAccount.ID);
            iam.put("callerId", caller.accessKeyId());
            iam.putNull("cognitoIdentity");
            iam.putNull("principalOrgId");
            iam.put("userArn", "arn:aws:iam::" + LocalAccount.ID + ":root");
            iam.put("userId", LocalAccount.ID);
        }
        String host = request.header("Host");
        int colon = host == null ? -1 : host.lastIndexOf(':');
        context.put("domainName", url.id() + ".lambda-url." + url.region().orElse(request.region()) + ".localhost"
                + (colon < 0 ? "" : host.substring(colon)));
        context.put("domainPrefix", url.id());
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", path);
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

    /**
     * Whether a NONE URL's function lets everyone call it through the URL: its resource policy must allow each of the
     * URL's {@code actions} (lambda:InvokeFunctionUrl and lambda:InvokeFunction since October 2025) to Principal *, a
     * Condition judged on the keys a call through the URL has: lambda:FunctionUrlAuthType (the URL's) and
     * lambda:InvokedViaFunctionUrl ("Control access to Lambda function URLs"), while an anonymous caller has no source
     * ARN, source account or organization. A statement limited to AWS_IAM URLs, or to a source, does not make the URL public.
     */
    static boolean isPublic(List<Map<String, Object>> statements, List<IamAction> actions, String authType) {
        String policy = Permissions.document(statements);
        Map<String, String> keys = Map.of("lambda:FunctionUrlAuthType", authType, "lambda:InvokedViaFunctionUrl", "true");
        return actions.stream().allMatch(a -> PolicyEvaluator.decideForAnyone(policy, a, keys, ANONYMOUS_LACKS) == PolicyDecision.ALLOWED);
    }

    /** The HTTP answer to the function's result; a function that failed, or answered no response, is Lambda's 502. */
    static CloudResponse response(InvocationResult result) {
        if (result.functionError() != null) {
            return INTERNAL_ERROR;
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
        return response(root).orElse(INTERNAL_ERROR);
    }

    /** {statusCode, headers, cookies, body, isBase64Encoded}, or empty when malformed. */
    static Optional<CloudResponse> response(JsonNode root) {
        JsonNode code = root.get("statusCode");
        int status = code.canConvertToInt() && !code.isBoolean() ? code.asInt()
                : code.isTextual() && code.asText().matches("\\d{3}") ? Integer.parseInt(code.asText()) : -1;
        if (status < 100 || status > 599) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        root.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", "application/json");
        }
        List<String> cookies = new ArrayList<>();
        root.path("cookies").forEach(c -> cookies.add(c.asText()));
        if (!cookies.isEmpty()) {
            headers.put("Set-Cookie", String.join("\n", cookies));
        }
        JsonNode text = root.get("body");
        byte[] body = new byte[0];
        if (text != null && !text.isNull()) {
            try {
                body = root.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text.asText())
                        : (text.isTextual() ? text.asText() : text.toString()).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new CloudResponse(status, headers, body));
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
}
