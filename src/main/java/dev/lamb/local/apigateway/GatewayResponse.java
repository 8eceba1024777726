package dev.lamb.local.apigateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What API Gateway sends the client for one request: the function's proxy response, or one of the
 * gateway's own answers, whose status, `x-amzn-ErrorType` and body (spacing included) are AWS's.
 */
public record GatewayResponse(int status, Map<String, List<String>> headers, byte[] body) {
    /** No route for the method and path: AWS answers as if the caller were not signed in. */
    public static GatewayResponse missingRoute() {
        return gatewayError(403, "MissingAuthenticationTokenException", "{\"message\":\"Missing Authentication Token\"}");
    }

    /**
     * 502: the function failed, its invocation did, or it answered something that is no proxy response.
     * AWS writes this body with a space after the colon (reference/wire.md, section 3.3).
     */
    public static GatewayResponse functionFailed() {
        return gatewayError(502, "InternalServerErrorException", "{\"message\": \"Internal server error\"}");
    }

    /**
     * 500: the integration cannot call the function (not a Lambda proxy, or no permission); recorded by
     * AWS without the space (reference/wire.md, section 3.1).
     */
    public static GatewayResponse integrationBroken() {
        return gatewayError(500, "InternalServerErrorException", "{\"message\":\"Internal server error\"}");
    }

    /** The integration's timeout (29 s by default) passed before the function answered. */
    public static GatewayResponse timedOut() {
        return gatewayError(504, "IntegrationTimeoutException", "{\"message\": \"Endpoint request timed out\"}");
    }

    private static GatewayResponse gatewayError(int status, String type, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("x-amzn-ErrorType", List.of(type));
        return new GatewayResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** HTTP allows no body in an answer to HEAD, nor with 204 or 304. */
    public GatewayResponse forMethod(String method) {
        boolean bodyless = method.equals("HEAD") || status == 204 || status == 304;
        return bodyless && body.length > 0 ? new GatewayResponse(status, headers, new byte[0]) : this;
    }
}
