package dev.lamb.local;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.JsonTrees;
import dev.lamb.config.ProjectConfig;

/**
 * The query string of a request to a route that the project's own sample events make (`events/*.json`,
 * as init writes them), so that a printed URL is one that answers: {@code /hello?name=World}, where
 * the bare {@code /hello} gets the greeting's 400.
 */
public final class ExampleQuery {
    private ExampleQuery() {}

    /** "?name=World", or "" when no sample event is a request to this route or it has no query. */
    public static String of(Path projectDir, ProjectConfig.Route route) {
        Path events = projectDir.resolve("events");
        if (!Files.isDirectory(events)) {
            return "";
        }
        try (Stream<Path> files = Files.list(events)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(f -> queryOf(f, route)).filter(q -> !q.isEmpty()).findFirst().orElse("");
        } catch (IOException e) {
            return "";  // only an example: a folder that cannot be read leaves the URL bare
        }
    }

    private static String queryOf(Path file, ProjectConfig.Route route) {
        JsonNode event;
        try {
            event = JsonTrees.read(Files.readAllBytes(file));
        } catch (IOException e) {
            return "";
        }
        boolean sameRoute = event != null && route.path().equals(event.path("resource").asText())
                && (route.method().equals("ANY") || route.method().equals(event.path("httpMethod").asText()));
        if (!sameRoute || !event.path("queryStringParameters").isObject()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        event.get("queryStringParameters").fields().forEachRemaining(e -> pairs.add(
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8)));
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }
}
