package dev.lamb.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.local.LocalEvents;

/**
 * The one route precedence, through the class itself and through the event `lamb invoke --local`
 * builds (LocalEvents), over RouteCases' table. RoutePrecedenceIT takes the same table through lamb
 * serve and the local cloud.
 */
class RoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path projects;

    static Stream<Arguments> cases() {
        return RouteCases.TABLE.entrySet().stream()
                .flatMap(set -> set.getValue().stream().map(c -> Arguments.of(set.getKey(), c)));
    }

    private static Routes routes(List<String> routes) {
        return new Routes(routes.stream().map(r -> r.split(" ")).map(r -> new RouteKey(r[0], r[1])).toList());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void thePrecedencePicksTheRouteApiGatewayPicks(List<String> routes, RouteCases.Case c) {
        var match = routes(routes).match(c.method(), c.path());
        assertEquals(c.route(), match.map(m -> m.route().toString()).orElse(null));
        assertEquals(c.pathParameters(), match.map(Routes.Match::pathParameters).orElse(null));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void invokeLocalBuildsTheEventForTheSameRoute(List<String> routes, RouteCases.Case c) throws IOException {
        ProjectConfig config = project(routes);
        LocalEvents.Input input = new LocalEvents.Input(c.method(), c.path(), List.of(), List.of(), null, null, null);
        if (c.route() == null) {
            LambException e = assertThrows(LambException.class, () -> LocalEvents.event(config, input));
            assertEquals(2, e.exitCode().code(), e.getMessage());
            return;
        }
        JsonNode event = JSON.readTree(LocalEvents.event(config, input));
        assertEquals(c.resource(), event.path("resource").asText());
        assertEquals(c.pathParameters(), pathParameters(event));
        assertEquals(c.method(), event.path("httpMethod").asText());
        assertEquals(c.path(), event.path("path").asText());
    }

    /** The event's pathParameters, null (as API Gateway sends it) when there are none. */
    static Map<String, String> pathParameters(JsonNode event) {
        JsonNode params = event.path("pathParameters");
        Map<String, String> out = new LinkedHashMap<>();
        params.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        assertEquals(out.isEmpty(), params.isNull(), "no path parameters is null, as API Gateway sends it: " + event);
        return out;
    }

    @Test
    void withoutAMethodARouteOfItsOwnMethodComesBeforeAny() {
        Routes routes = routes(List.of("ANY /items", "POST /items", "GET /{proxy+}"));
        assertEquals("POST /items", routes.match(null, "/items").orElseThrow().route().toString());
        assertEquals(List.of("POST /items", "ANY /items", "GET /{proxy+}"),
                routes.inPrecedence().stream().map(RouteKey::toString).toList());
    }

    @Test
    void withoutAPathInvokeLocalTakesTheFirstRouteOfLambToml() throws IOException {
        ProjectConfig config = project(List.of("GET /items/special", "GET /items/{id}", "POST /items"));
        JsonNode event = JSON.readTree(LocalEvents.event(config, new LocalEvents.Input(null, null, List.of(), List.of(),
                null, null, null)));
        assertEquals("/items/special", event.path("resource").asText());
        JsonNode post = JSON.readTree(LocalEvents.event(config, new LocalEvents.Input("post", null, List.of(), List.of(),
                null, null, null)));
        assertEquals("/items", post.path("resource").asText());
        assertEquals("POST", post.path("httpMethod").asText());
    }

    @Test
    void hopByHopHeadersCrossTheGatewayNeitherWay() throws IOException {
        ProjectConfig config = project(List.of("POST /items"));
        JsonNode event = JSON.readTree(LocalEvents.event(config, new LocalEvents.Input(null, "/items", List.of(),
                List.of("Connection=close", "Content-Length=3", "X-Api-Key=k"), "abc", null, null)));
        List<String> names = new ArrayList<>();
        event.path("headers").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("Accept", "Host", "User-Agent", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto",
                "X-Api-Key"), names);
        Map<String, List<String>> received = Map.of("connection", List.of("keep-alive"), "content-type", List.of("text/plain"));
        assertEquals(Map.of("Content-Type", List.of("text/plain"), "X-Forwarded-For", List.of("10.0.0.1"),
                "X-Forwarded-Proto", List.of("http")), ProxyIntegration.eventHeaders(received, "10.0.0.1", null));
    }

    private static ProjectConfig project(List<String> routes) throws IOException {
        return ProjectConfigLoader.load(RouteCases.project(Files.createTempDirectory(projects, "routes"), routes));
    }
}
