package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the data plane picks a deployed resource and reads a permission's SourceArn. */
class ApiGatewayRoutingTest {
    private static Map<String, Resource> snapshot(Map<String, String> pathToMethod) {
        Map<String, Resource> snapshot = new LinkedHashMap<>();
        for (var e : pathToMethod.entrySet()) {
            String id = "r" + snapshot.size();
            Method method = new Method(e.getValue(), "NONE", false, null, null, null, null, null, null, null);
            snapshot.put(id, new Resource(id, null, null, e.getKey(), Map.of(e.getValue(), method)));
        }
        return snapshot;
    }

    private static String route(Map<String, Resource> snapshot, String method, String path) {
        return ExecuteApi.route(snapshot, method, path).map(r -> r.resource().path()).orElse(null);
    }

    @Test
    void literalBeatsVariableBeatsGreedyAndMethodBeatsAny() {
        Map<String, Resource> s = snapshot(Map.of("/items", "GET", "/items/{id}", "GET", "/items/special", "GET",
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
        assertTrue(InvokePermission.arnLike("arn:aws:execute-api:us-east-1:000000000000:abc/*/GET/hello", arn));
        assertTrue(InvokePermission.arnLike("arn:aws:execute-api:us-east-1:000000000000:abc/*", arn));
        assertTrue(InvokePermission.arnLike("arn:aws:execute-api:*:*:abc/*/*/*", arn));
        assertFalse(InvokePermission.arnLike("arn:aws:execute-api:us-east-1:000000000000:abc/*/POST/hello", arn));
        assertFalse(InvokePermission.arnLike("arn:aws:execute-api:us-east-1:000000000000:xyz/*", arn));
    }
}
