package dev.lamb.local.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;

/** A Python project whose handler shows what API Gateway sent it, and helpers to talk to lamb serve. */
final class FixtureProject {
    static final String HANDLER = """
            import base64, json, os, time

            def handler(event, context):
                resource = event["resource"]
                query = event.get("queryStringParameters") or {}
                if resource == "/hello":
                    return {"statusCode": 200, "body": json.dumps("%s, %s!" % (GREETING, query.get("name", "")))}
                if resource == "/malformed":
                    return {"statusCode": 200, "errorMessage": "not a proxy response"}
                if resource == "/boom":
                    raise ValueError("boom")
                if resource == "/slow":
                    if "mark" in query:
                        open(query["mark"], "w").close()
                    time.sleep(float(query.get("seconds", "3")))
                    return {"statusCode": 200, "body": json.dumps({"greeting": GREETING, "pid": os.getpid()})}
                if resource == "/binary":
                    return {"statusCode": 201, "isBase64Encoded": True, "body": base64.b64encode(bytes(range(256))).decode(),
                            "headers": {"Content-Type": "application/octet-stream", "X-One": "single", "X-Both": "single"},
                            "multiValueHeaders": {"X-Both": ["first", "second"]}}
                print("echo " + resource)
                return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(event)}

            GREETING = "Hello"
            """;

    static final List<String> ROUTES = List.of("GET /hello", "GET /items/{id}", "ANY /files/{proxy+}", "GET /items/special",
            "GET /malformed", "GET /boom", "GET /slow", "GET /binary", "POST /echo");

    private FixtureProject() {}

    static ProjectConfig create(Path dir, int timeoutSeconds) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("handler.py"), HANDLER);
        List<String> quoted = new ArrayList<>();
        ROUTES.forEach(r -> quoted.add("\"" + r + "\""));
        Files.writeString(dir.resolve("lamb.toml"), """
                [function]
                name = "fixture"
                runtime = "python3.13"
                handler = "handler.handler"
                timeout = %d

                [api]
                stage = "dev"
                routes = [%s]
                """.formatted(timeoutSeconds, String.join(", ", quoted)));
        return ProjectConfigLoader.load(dir);
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static HttpResponse<String> get(int port, String pathAndQuery) throws IOException, InterruptedException {
        return CLIENT.send(request(port, pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(int port, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(60));
    }
}
