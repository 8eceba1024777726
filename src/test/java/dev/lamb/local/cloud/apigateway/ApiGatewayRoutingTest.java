package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How the data plane picks a deployed resource and reads a permission's SourceArn. */
class ApiGatewayRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode snapshot(Map<String, String> pathToMethod) {
        ObjectNode snapshot = JSON.createObjectNode();
        int i = 0;
        for (var e : pathToMethod.entrySet()) {
            ObjectNode r = snapshot.putObject("r" + i);
            r.put("id", "r" + i++);
            r.put("path", e.getKey());
            r.putObject("resourceMethods").putObject(e.getValue()).put("httpMethod", e.getValue());
        }
        return snapshot;
    }

    private static String route(ObjectNode snapshot, String method, String path) {
        return ApiGatewayService.route(snapshot, method, path).map(r -> r.resource().get("path").asText()).orElse(null);
    }

    @Test
    void literalBeatsVariableBeatsGreedyAndMethodBeatsAny() {
        ObjectNode s = snapshot(Map.of("/items", "GET", "/items/{id}", "GET", "/items/special", "GET",
                "/{proxy+}", "ANY", "/items/{id}/parts", "POST"));
        assertEquals("/items", route(s, "GET", "/items"));
        assertEquals("/items/special", route(s, "GET", "/items/special"));
        assertEquals("/items/{id}", route(s, "GET", "/items/42"));
        assertEquals("/{proxy+}", route(s, "DELETE", "/items/42"));
        assertEquals("/items/{id}/parts", route(s, "POST", "/items/42/parts"));
        assertEquals("/{proxy+}", route(s, "GET", "/a/b/c"));
        assertEquals(null, route(snapshot(Map.of("/items", "GET")), "POST", "/items"));
        assertEquals(null, route(snapshot(Map.of("/items", "GET")), "GET", "/"));
    }

    @Test
    void sourceArnsMatchAsArnLike() {
        String arn = "arn:aws:execute-api:us-east-1:000000000000:abc/dev/GET/hello";
        assertTrue(ApiGatewayService.arnLike("arn:aws:execute-api:us-east-1:000000000000:abc/*/GET/hello", arn));
        assertTrue(ApiGatewayService.arnLike("arn:aws:execute-api:us-east-1:000000000000:abc/*", arn));
        assertTrue(ApiGatewayService.arnLike("arn:aws:execute-api:*:*:abc/*/*/*", arn));
        assertFalse(ApiGatewayService.arnLike("arn:aws:execute-api:us-east-1:000000000000:abc/*/POST/hello", arn));
        assertFalse(ApiGatewayService.arnLike("arn:aws:execute-api:us-east-1:000000000000:xyz/*", arn));
    }
}
