package dev.lamb.local.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.config.ProjectConfig.Api;
import dev.lamb.config.ProjectConfig.Route;
import dev.lamb.local.apigateway.HeaderNames;

class RouteTableTest {
    private final RouteTable table = new RouteTable(new Api("prod", List.of(new Route("ANY", "/{proxy+}"),
            new Route("GET", "/items/{id}"), new Route("ANY", "/items/{id}"), new Route("GET", "/items/new"), new Route("GET", "/"))));

    private String resource(String method, String path) {
        return table.match(method, path).map(m -> m.route().toString()).orElse("none");
    }

    @Test
    void theMostSpecificRouteWins() {
        assertEquals("GET /items/new", resource("GET", "/items/new"));
        assertEquals("GET /items/{id}", resource("GET", "/items/7"));
        assertEquals("ANY /items/{id}", resource("PUT", "/items/7"), "a method beats ANY, ANY takes the rest");
        assertEquals("ANY /{proxy+}", resource("GET", "/items/7/parts"));
        assertEquals("GET /", resource("GET", "/"));
    }

    @Test
    void theStagePrefixIsOptional() {
        RouteTable.Match m = table.match("GET", "/prod/items/7").orElseThrow();
        assertEquals("/items/7", m.path());
        assertEquals(Map.of("id", "7"), m.pathParameters());
        assertEquals("GET /", resource("GET", "/prod"));
    }

    @Test
    void withoutAProxyRouteAnUnknownPathMatchesNothing() {
        RouteTable hello = new RouteTable(new Api("dev", List.of(new Route("GET", "/hello"))));
        assertTrue(hello.match("GET", "/hello/there").isEmpty());
        assertTrue(hello.match("POST", "/hello").isEmpty());
        assertTrue(hello.match("GET", "/dev/hello").isPresent());
    }

    @Test
    void queryStringsAndHeaderNamesAreReadAsApiGatewayDoes() {
        assertEquals(Map.of("a", List.of("1", "2"), "b c", List.of(""), "é", List.of("x y")),
                GatewayHandler.query("a=1&b+c&a=2&%C3%A9=x%20y"));
        assertEquals("X-Forwarded-For", HeaderNames.canonical("x-forwarded-for"));
        assertEquals("Content-Type", HeaderNames.canonical("Content-type"));
    }
}
