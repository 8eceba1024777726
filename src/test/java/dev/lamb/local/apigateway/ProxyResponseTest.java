package dev.lamb.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.lambda.ProxyResponse;

class ProxyResponseTest {
    private static ProxyResponse parse(String json) {
        return ProxyResponse.parse(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void readsStatusHeadersAndBody() {
        ProxyResponse r = parse("{\"statusCode\":201,\"headers\":{\"X-A\":\"1\",\"Flag\":true},\"body\":\"hi\"}");
        assertEquals(201, r.statusCode());
        assertEquals(List.of("1"), r.headers().get("X-A"));
        assertEquals(List.of("true"), r.headers().get("Flag"));
        assertEquals(List.of("application/json"), r.headers().get("Content-Type"));
        assertEquals("hi", r.bodyText());
    }

    @Test
    void multiValueHeadersWinAndBase64BodiesAreDecoded() {
        ProxyResponse r = parse("{\"statusCode\":\"404\",\"headers\":{\"Set-Cookie\":\"a\"},"
                + "\"multiValueHeaders\":{\"Set-Cookie\":[\"b\",\"c\"]},\"body\":\"aGk=\",\"isBase64Encoded\":true}");
        assertEquals(404, r.statusCode());
        assertEquals(List.of("b", "c"), r.headers().get("Set-Cookie"));
        assertEquals("hi", r.bodyText());
    }

    @Test
    void anEmptyObjectIsAnEmpty200() {
        ProxyResponse r = parse("{}");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"just a string\"", "[1]", "{\"errorMessage\":\"boom\"}", "{\"statusCode\":\"abc\"}",
        "{\"multiValueHeaders\":{\"a\":\"b\"}}", "not json"})
    void malformedResponsesAreRefusedAsApiGatewayDoes(String payload) {
        assertTrue(ProxyResponse.parse(payload.getBytes(StandardCharsets.UTF_8)).isEmpty(), payload);
    }

    @Test
    void routeTemplatesMatchParametersAndGreedyTails() {
        assertEquals(Map.of("id", "42"), new RouteTemplate("/items/{id}").match("/items/42").orElseThrow());
        assertEquals(Map.of("proxy", "a/b/c"), new RouteTemplate("/files/{proxy+}").match("/files/a/b/c").orElseThrow());
        assertEquals(Map.of(), new RouteTemplate("/hello").match("/hello/").orElseThrow());
        assertTrue(new RouteTemplate("/files/{proxy+}").match("/files").isEmpty());
        assertTrue(new RouteTemplate("/items/{id}").match("/items/42/x").isEmpty());
        assertTrue(new RouteTemplate("/hello").match("/bye").isEmpty());
    }
}
