package dev.lamb.local.apigateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Route sets and requests with the route that answers each, as API Gateway picks it (issue 13,
 * section 2, and the API Gateway developer guide on REST API resources): resources compared segment by
 * segment, a literal before `{param}` before `{proxy+}`, then an exact method before ANY; `{proxy+}`
 * takes one segment or more, so never the root; a trailing slash is no segment. RoutesTest, and
 * RoutePrecedenceIT through lamb serve, invoke --local and the local cloud, all check this one table.
 */
final class RouteCases {
    /** A request, and the route that answers it (null: none, API Gateway's 403) with its path parameters. */
    record Case(String method, String path, String route, Map<String, String> pathParameters) {
        String resource() {
            return route == null ? null : route.substring(route.indexOf(' ') + 1);
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + (route == null ? "403" : route + " " + pathParameters);
        }
    }

    /** Route sets as lamb.toml writes them ("METHOD /path"), each with its requests. */
    static final Map<List<String>, List<Case>> TABLE = new LinkedHashMap<>();

    static {
        // Issue 13's case: lamb serve took the literal, invoke --local took {id}, the first in file order.
        TABLE.put(List.of("GET /items/{id}", "GET /items/special"), List.of(
                new Case("GET", "/items/special", "GET /items/special", Map.of()),
                new Case("GET", "/items/42", "GET /items/{id}", Map.of("id", "42")),
                new Case("GET", "/items/42/", "GET /items/{id}", Map.of("id", "42")),
                new Case("POST", "/items/42", null, null)));
        TABLE.put(List.of("ANY /{proxy+}", "GET /files/{name}", "GET /"), List.of(
                new Case("GET", "/files/a.txt", "GET /files/{name}", Map.of("name", "a.txt")),
                new Case("DELETE", "/files/a.txt", "ANY /{proxy+}", Map.of("proxy", "files/a.txt")),
                new Case("GET", "/files/a/b.txt", "ANY /{proxy+}", Map.of("proxy", "files/a/b.txt")),
                new Case("GET", "/", "GET /", Map.of())));
        TABLE.put(List.of("ANY /{proxy+}"), List.of(
                new Case("GET", "/", null, null),
                new Case("POST", "/a", "ANY /{proxy+}", Map.of("proxy", "a"))));
        // The resource decides first, the method second: ANY on a literal beats GET on {proxy+}.
        TABLE.put(List.of("GET /{proxy+}", "ANY /items", "GET /items/{id}", "ANY /items/{id}"), List.of(
                new Case("GET", "/items", "ANY /items", Map.of()),
                new Case("GET", "/items/7", "GET /items/{id}", Map.of("id", "7")),
                new Case("PUT", "/items/7", "ANY /items/{id}", Map.of("id", "7")),
                new Case("GET", "/items/7/parts", "GET /{proxy+}", Map.of("proxy", "items/7/parts"))));
        // Segment by segment from the left: the first literal wins, even against a greedy tail.
        TABLE.put(List.of("GET /{a}/b", "GET /a/{b}", "GET /{a}/{y}/{z}", "GET /a/b/{proxy+}"), List.of(
                new Case("GET", "/a/b", "GET /a/{b}", Map.of("b", "b")),
                new Case("GET", "/c/b", "GET /{a}/b", Map.of("a", "c")),
                new Case("GET", "/a/b/c", "GET /a/b/{proxy+}", Map.of("proxy", "c"))));
    }

    private RouteCases() {}

    /** A project folder whose lamb.toml has these routes, for a Python handler `handler.handler`. */
    static Path project(Path dir, List<String> routes) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("lamb.toml"), """
                [function]
                name = "echo"
                runtime = "python3.13"
                handler = "handler.handler"

                [api]
                stage = "dev"
                routes = [%s]
                """.formatted(routes.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", "))));
        return dir;
    }
}
