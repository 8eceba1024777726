package dev.lamb.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.build.PackageRequest;
import dev.lamb.build.PackageResult;
import dev.lamb.build.Packager;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.local.serve.LocalApiServer;
import dev.lamb.local.serve.ServeLog;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Issue 13, section 2: RouteCases' table of route sets and requests gives the same resource and path
 * parameters through lamb serve (HTTP), the local cloud's execute-api (a REST API made with the SDK,
 * as any client makes one, calling one deployed function) and `lamb invoke --local --sources`. One
 * cloud, one function and one lamb serve per route set, shared by every row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutePrecedenceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Answers with what API Gateway told it: the resource and path parameters it matched. */
    private static final String ECHO = """
            import json

            def handler(event, context):
                return {"statusCode": 200, "body": json.dumps({"resource": event["resource"],
                        "pathParameters": event["pathParameters"], "httpMethod": event["httpMethod"], "path": event["path"]})}
            """;

    private DeployedCloud cloud;
    private final Map<List<String>, LocalApiServer> servers = new LinkedHashMap<>();
    private final Map<List<String>, String> apis = new LinkedHashMap<>();
    private final Map<List<String>, Path> projects = new LinkedHashMap<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        cloud = DeployedCloud.start(tmp.resolve("cloud"));
        for (List<String> routes : RouteCases.TABLE.keySet()) {
            projects.put(routes, project(tmp.resolve("routes" + projects.size()), routes));
        }
        String function = deployed(projects.values().iterator().next(), tmp.resolve("echo.zip"));
        for (List<String> routes : RouteCases.TABLE.keySet()) {
            Path project = projects.get(routes);
            servers.put(routes, LocalApiServer.start(ProjectConfigLoader.load(project), "us-east-1",
                    new LocalApiServer.Options("127.0.0.1", 0, false), new ServeLog(line -> {}, false)));
            apis.put(routes, restApi(cloud.aws().apiGateway(), function, routes));
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(LocalApiServer::close);
        if (cloud != null) {
            cloud.close();
        }
    }

    static Stream<Arguments> cases() {
        return RoutesTest.cases();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void lambServeRoutesAsTheTableSays(List<String> routes, RouteCases.Case c) throws Exception {
        assertAnswers(c, send(c.method(), servers.get(routes).url() + c.path()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void theLocalCloudsExecuteApiRoutesAsTheTableSays(List<String> routes, RouteCases.Case c) throws Exception {
        String stage = cloud.local().endpoint() + "/restapis/" + apis.get(routes) + "/dev/_user_request_";
        assertAnswers(c, send(c.method(), stage + c.path()));
    }

    /** Issue 13's visible case, through the command: the event is for /items/special, as lamb serve routes it. */
    @Test
    void invokeLocalSendsTheLiteralRoutesEvent() throws Exception {
        List<String> routes = List.of("GET /items/{id}", "GET /items/special");
        Lamb.Run run = Lamb.run("invoke", "--local", "--sources", "--dir", projects.get(routes).toString(),
                "--path", "/items/special", "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode event = JSON.readTree(JSON.readTree(run.out()).path("body").asText());
        assertEquals("/items/special", event.path("resource").asText());
        assertEquals(Map.of(), params(event));
    }

    private static void assertAnswers(RouteCases.Case c, HttpResponse<String> response) throws IOException {
        if (c.route() == null) {
            assertEquals(403, response.statusCode(), response.body());
            assertEquals("{\"message\":\"Missing Authentication Token\"}", response.body());
            assertEquals("MissingAuthenticationTokenException", response.headers().firstValue("x-amzn-ErrorType").orElse(""));
            return;
        }
        assertEquals(200, response.statusCode(), response.body());
        JsonNode event = JSON.readTree(response.body());
        assertEquals(c.resource(), event.path("resource").asText());
        assertEquals(c.pathParameters(), params(event));
        assertEquals(c.method(), event.path("httpMethod").asText());
    }

    private static Map<String, String> params(JsonNode event) {
        return RoutesTest.pathParameters(event);
    }

    private static HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Path project(Path dir, List<String> routes) throws IOException {
        RouteCases.project(dir, routes);
        Files.writeString(dir.resolve("handler.py"), ECHO);
        return dir;
    }

    /** The project's zip, as lamb packages it, made a function by the SDK: its ARN, open to every API of this cloud. */
    private String deployed(Path project, Path zip) {
        PackageResult code = new Packager().pack(new PackageRequest(project, "python3.13", "handler.handler", "x86_64", zip),
                line -> {});
        String role = cloud.aws().iam().createRole(r -> r.roleName("echo-role").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                .role().arn();
        String arn = cloud.aws().lambda().createFunction(f -> f.functionName("echo").runtime(Runtime.PYTHON3_13)
                .handler("handler.handler").role(role).code(c -> c.zipFile(SdkBytes.fromByteArray(code.bytes())))).functionArn();
        cloud.aws().lambda().waiter().waitUntilFunctionActiveV2(r -> r.functionName("echo"));
        cloud.aws().lambda().addPermission(r -> r.functionName("echo").statementId("route-table")
                .action("lambda:InvokeFunction").principal("apigateway.amazonaws.com"));
        return arn;
    }

    /** A REST API with a resource per path, a method per route and a Lambda proxy integration each, deployed to dev. */
    private static String restApi(ApiGatewayClient api, String function, List<String> routes) {
        String id = api.createRestApi(r -> r.name("routes")).id();
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("/", api.getResources(r -> r.restApiId(id)).items().get(0).id());
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            String parent = "/";
            List<String> segments = new ArrayList<>(List.of(path.substring(1).split("/")));
            segments.removeIf(String::isEmpty);
            for (String segment : segments) {
                String child = (parent.equals("/") ? "" : parent) + "/" + segment;
                String parentId = resources.get(parent);
                resources.computeIfAbsent(child, p -> api.createResource(r -> r.restApiId(id).parentId(parentId).pathPart(segment)).id());
                parent = child;
            }
            String resource = resources.get(parent);
            api.putMethod(r -> r.restApiId(id).resourceId(resource).httpMethod(method).authorizationType("NONE"));
            api.putIntegration(r -> r.restApiId(id).resourceId(resource).httpMethod(method).type(IntegrationType.AWS_PROXY)
                    .integrationHttpMethod("POST")
                    .uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + function + "/invocations"));
        }
        api.createDeployment(r -> r.restApiId(id).stageName("dev"));
        return id;
    }
}
