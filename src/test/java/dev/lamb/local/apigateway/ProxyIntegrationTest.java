package dev.lamb.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.lambda.InvocationResult;

/**
 * The one answer mapping lamb serve and the local cloud's execute-api share, with AWS's statuses,
 * error types and bodies as reference/wire.md (sections 3.2 and 3.3) records them.
 */
class ProxyIntegrationTest {
    private static InvocationResult answered(String payload, String functionError) {
        return new InvocationResult("id", payload.getBytes(StandardCharsets.UTF_8), functionError, List.of(), null, "stream");
    }

    private static String body(GatewayResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aProxyResponseBecomesTheHttpAnswerWithoutHopByHopHeaders() {
        GatewayResponse response = ProxyIntegration.respond(answered("""
                {"statusCode": 201, "headers": {"Connection": "close", "X-One": "1"},
                 "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "aGk=", "isBase64Encoded": true}""", null),
                line -> {});
        assertEquals(201, response.status());
        assertEquals(Map.of("X-One", List.of("1"), "Set-Cookie", List.of("a=1", "b=2"), "Content-Type",
                List.of("application/json")), response.headers());
        assertEquals("hi", body(response));
        assertEquals(0, response.forMethod("HEAD").body().length, "HEAD has no body");
    }

    @Test
    void aFunctionErrorOrAMalformedAnswerIs502AndOnlyTheLatterIsLogged() {
        List<String> log = new ArrayList<>();
        GatewayResponse failed = ProxyIntegration.respond(answered("{\"errorMessage\":\"boom\"}", "Unhandled"), log::add);
        GatewayResponse malformed = ProxyIntegration.respond(answered("{\"statusCode\":200,\"errorMessage\":\"x\"}", null), log::add);
        for (GatewayResponse response : List.of(failed, malformed)) {
            assertEquals(502, response.status());
            assertEquals("{\"message\": \"Internal server error\"}", body(response));
            assertEquals(List.of("InternalServerErrorException"), response.headers().get("x-amzn-ErrorType"));
        }
        assertEquals(List.of("Execution failed due to configuration error: Malformed Lambda proxy response"), log);
    }

    @Test
    void theGatewaysOwnAnswers() {
        assertEquals(403, GatewayResponse.missingRoute().status());
        assertEquals("{\"message\":\"Missing Authentication Token\"}", body(GatewayResponse.missingRoute()));
        assertEquals(List.of("MissingAuthenticationTokenException"), GatewayResponse.missingRoute().headers().get("x-amzn-ErrorType"));
        assertEquals(504, GatewayResponse.timedOut().status());
        assertEquals("{\"message\": \"Endpoint request timed out\"}", body(GatewayResponse.timedOut()));
        assertEquals(List.of("IntegrationTimeoutException"), GatewayResponse.timedOut().headers().get("x-amzn-ErrorType"));
        assertEquals(500, GatewayResponse.integrationBroken().status());
        assertEquals("{\"message\":\"Internal server error\"}", body(GatewayResponse.integrationBroken()));
    }
}
