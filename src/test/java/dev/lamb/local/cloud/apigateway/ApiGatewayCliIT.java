package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.local.cloud.cloudwatch.CloudWatchService;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * API Gateway's REST API through the real AWS CLI v2, from create-rest-api to a deployed stage, and
 * its data plane over real HTTP to a Python function run by the local Lambda service.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApiGatewayCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    private static final String FN_ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> {
        LambdaService lambda = new LambdaService(data, engine.get(), arn -> true, Duration.ofMillis(200));
        CloudWatchService cloudWatch = new CloudWatchService("us-east-1");
        ApiGatewayService apiGateway = new ApiGatewayService(data, lambda);
        apiGateway.onRequest(cloudWatch.recorder()::apiRequest);
        return List.of(lambda, apiGateway, cloudWatch);
    });
    @TempDir
    static Path work;
    static Path aws;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTools.require("/usr/bin/aws");
        RequiredTools.require("python3");
        // The template's handler imports its secret helper, which imports the backoff: its modules go beside it.
        Files.write(work.resolve("greet.zip"), zip(Files.readString(Path.of("templates/python/handler.py")),
                Path.of("templates/python/secret.py"), Path.of("templates/python/resilience.py")));
        Files.write(work.resolve("broken.zip"), zip("def handler(event, context):\n    return 'not a proxy response'\n"));
        Files.write(work.resolve("slow.zip"), zip("import time\ndef handler(event, context):\n    time.sleep(3)\n    return {}\n"));
    }

    static byte[] zip(String handler, Path... modules) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("handler.py"));
            zip.write(handler.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Path module : modules) {
                zip.putNextEntry(new ZipEntry(module.getFileName().toString()));
                zip.write(Files.readAllBytes(module));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Processes.Result aws(String... args) {
        return AwsCli.run(work, cloud.endpoint(), args);
    }

    private static JsonNode ok(String... args) throws Exception {
        Processes.Result result = aws(args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
    }

    private static void function(String name, String zip, int timeout) throws Exception {
        ok("lambda", "create-function", "--function-name", name, "--runtime", "python3.12", "--handler", "handler.handler",
                "--role", ROLE, "--zip-file", "fileb://" + zip, "--timeout", Integer.toString(timeout));
        ok("lambda", "wait", "function-active-v2", "--function-name", name);
    }

    private static String method(String apiId, String resourceId, String httpMethod, String function, String... extra)
            throws Exception {
        ok("apigateway", "put-method", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", httpMethod,
                "--authorization-type", "NONE");
        List<String> args = new ArrayList<>(List.of("apigateway", "put-integration", "--rest-api-id", apiId, "--resource-id",
                resourceId, "--http-method", httpMethod, "--type", "AWS_PROXY", "--integration-http-method", "POST", "--uri",
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + FN_ARN + function + "/invocations"));
        args.addAll(List.of(extra));
        JsonNode integration = ok(args.toArray(String[]::new));
        assertEquals("AWS_PROXY", integration.get("type").asText());
        assertEquals("POST", integration.get("httpMethod").asText());
        return integration.get("uri").asText();
    }

    private static String rootId(String apiId) throws Exception {
        for (JsonNode r : ok("apigateway", "get-resources", "--rest-api-id", apiId).get("items")) {
            if (r.get("path").asText().equals("/")) {
                return r.get("id").asText();
            }
        }
        throw new AssertionError("no root resource");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void deploysAnApiAndServesItThroughLambda() throws Exception {
        function("apigw-greet", "greet.zip", 10);
        JsonNode api = ok("apigateway", "create-rest-api", "--name", "greeter", "--description", "greets",
                "--endpoint-configuration", "types=REGIONAL", "--tags", "team=lamb");
        String apiId = api.get("id").asText();
        assertTrue(apiId.matches("[a-z0-9]{10}"), apiId);
        assertEquals("REGIONAL", api.at("/endpointConfiguration/types/0").asText());
        assertEquals("lamb", api.at("/tags/team").asText());
        // The CLI renders the epoch-seconds timestamp as ISO 8601 (and its model may predate rootResourceId).
        assertTrue(api.get("createdDate").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), api.toString());
        String rootId = rootId(apiId);

        JsonNode resources = ok("apigateway", "get-resources", "--rest-api-id", apiId);
        assertEquals(1, resources.get("items").size(), resources.toString());
        assertEquals("/", resources.at("/items/0/path").asText());
        assertEquals(rootId, resources.at("/items/0/id").asText());

        JsonNode hello = ok("apigateway", "create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "hello");
        assertEquals("/hello", hello.get("path").asText());
        assertEquals(rootId, hello.get("parentId").asText());
        Processes.Result duplicate = aws("apigateway", "create-resource", "--rest-api-id", apiId, "--parent-id", rootId,
                "--path-part", "hello");
        assertNotEquals(0, duplicate.exitCode());
        assertTrue(duplicate.output().contains("ConflictException"), duplicate.output());

        String uri = method(apiId, hello.get("id").asText(), "GET", "apigw-greet");
        JsonNode method = ok("apigateway", "get-method", "--rest-api-id", apiId, "--resource-id", hello.get("id").asText(),
                "--http-method", "GET");
        assertEquals("NONE", method.get("authorizationType").asText());
        assertEquals(uri, method.at("/methodIntegration/uri").asText());

        JsonNode deployment = ok("apigateway", "create-deployment", "--rest-api-id", apiId, "--stage-name", "dev");
        assertTrue(deployment.get("id").asText().matches("[a-z0-9]{10}"), deployment.toString());
        JsonNode stages = ok("apigateway", "get-stages", "--rest-api-id", apiId);
        assertEquals("dev", stages.at("/item/0/stageName").asText(), stages.toString());
        assertEquals(deployment.get("id").asText(), stages.at("/item/0/deploymentId").asText());

        String base = cloud.endpoint() + "/restapis/" + apiId + "/dev/_user_request_";
        // No permission for API Gateway yet: the function is not invoked, the client sees 500.
        HttpResponse<String> denied = get(base + "/hello?name=Ada");
        assertEquals(500, denied.statusCode(), denied.body());
        assertEquals("Internal server error", JSON.readTree(denied.body()).get("message").asText());

        ok("lambda", "add-permission", "--function-name", "apigw-greet", "--statement-id", "apigw", "--action",
                "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com", "--source-arn",
                "arn:aws:execute-api:us-east-1:000000000000:" + apiId + "/*/GET/hello");

        HttpResponse<String> greeted = get(base + "/hello?name=Ada");
        assertEquals(200, greeted.statusCode(), greeted.body());
        assertEquals("\"Hello, Ada!\"", greeted.body());
        assertEquals("application/json", greeted.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> missingName = get(base + "/hello");
        assertEquals(400, missingName.statusCode(), missingName.body());

        HttpResponse<String> unknown = get(base + "/nowhere");
        assertEquals(403, unknown.statusCode());
        assertEquals("Missing Authentication Token", JSON.readTree(unknown.body()).get("message").asText());
        assertEquals("MissingAuthenticationTokenException", unknown.headers().firstValue("x-amzn-ErrorType").orElse(""));
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create(base + "/hello"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrongMethod.statusCode());
        assertEquals(403, get(cloud.endpoint() + "/restapis/" + apiId + "/prod/_user_request_/hello?name=Ada").statusCode());

        Optional<Path> curl = RequiredTools.find("curl");
        if (curl.isPresent()) {
            Processes.Result viaCurl = Processes.run(work, Map.of(), 60, List.of(curl.get().toString(), "-s", "-w", "\n%{http_code}",
                    base + "/hello?name=Ada"));
            assertEquals("\"Hello, Ada!\"\n200", viaCurl.output().trim());
            int port = URI.create(cloud.endpoint()).getPort();
            Processes.Result hostStyle = Processes.run(work, Map.of(), 60, List.of(curl.get().toString(), "-s", "-w", "\n%{http_code}",
                    "-H", "Host: " + apiId + ".execute-api.localhost:" + port, cloud.endpoint() + "/dev/hello?name=Grace"));
            assertEquals("\"Hello, Grace!\"\n200", hostStyle.output().trim());
        }

        JsonNode apis = ok("apigateway", "get-rest-apis");
        assertTrue(apis.get("items").size() >= 1, apis.toString());
        boolean listed = false;
        for (JsonNode item : apis.get("items")) {
            listed |= item.get("id").asText().equals(apiId);
        }
        assertTrue(listed, apis.toString());
    }

    private static String apiMetric(String id, String metric, String stat) {
        return "{\"Id\":\"" + id + "\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/ApiGateway\",\"MetricName\":\"" + metric
                + "\",\"Dimensions\":[{\"Name\":\"ApiName\",\"Value\":\"errors\"},{\"Name\":\"Stage\",\"Value\":\"test\"}]},"
                + "\"Period\":600,\"Stat\":\"" + stat + "\"}}";
    }

    @Test
    void malformedAnswersAndSlowFunctionsAreGatewayErrors() throws Exception {
        // Made through the SDK: deploysAnApiAndServesItThroughLambda proves the CLI's create-function, wait and
        // add-permission, and each CLI start costs some 0.7 s of CPU.
        try (AwsClients aws = new AwsClients(AwsTarget.localCloud(URI.create(cloud.endpoint())))) {
            for (String fn : List.of("apigw-broken", "apigw-slow")) {
                SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(work.resolve(fn.substring("apigw-".length()) + ".zip")));
                aws.lambda().createFunction(r -> r.functionName(fn).runtime(Runtime.PYTHON3_12).handler("handler.handler").role(ROLE)
                        .timeout(10).code(c -> c.zipFile(zip)));
                aws.lambda().waiter().waitUntilFunctionActiveV2(r -> r.functionName(fn));
                aws.lambda().addPermission(r -> r.functionName(fn).statementId("apigw").action("lambda:InvokeFunction")
                        .principal("apigateway.amazonaws.com").sourceArn("arn:aws:execute-api:us-east-1:000000000000:*"));
            }
        }
        JsonNode api = ok("apigateway", "create-rest-api", "--name", "errors");
        String apiId = api.get("id").asText();
        String rootId = rootId(apiId);
        JsonNode items = ok("apigateway", "create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "items");
        JsonNode proxy = ok("apigateway", "create-resource", "--rest-api-id", apiId, "--parent-id", items.get("id").asText(),
                "--path-part", "{proxy+}");
        assertEquals("/items/{proxy+}", proxy.get("path").asText());
        method(apiId, proxy.get("id").asText(), "ANY", "apigw-broken");
        method(apiId, items.get("id").asText(), "GET", "apigw-slow", "--timeout-in-millis", "1000");
        ok("apigateway", "create-deployment", "--rest-api-id", apiId, "--stage-name", "test");

        String base = cloud.endpoint() + "/restapis/" + apiId + "/test/_user_request_";
        HttpResponse<String> malformed = get(base + "/items/a/b");
        assertEquals(502, malformed.statusCode(), malformed.body());
        assertEquals("Internal server error", JSON.readTree(malformed.body()).get("message").asText());

        HttpResponse<String> slow = get(base + "/items");
        assertEquals(504, slow.statusCode(), slow.body());
        assertEquals("Endpoint request timed out", JSON.readTree(slow.body()).get("message").asText());

        // Each request counts in AWS/ApiGateway by ApiName and Stage (API Gateway developer guide, "Amazon API Gateway
        // dimensions and metrics"): two 5XX answers, and a latency past the 1 s integration timeout.
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String metrics = "[" + String.join(",", apiMetric("n", "Count", "SampleCount"), apiMetric("s5", "5XXError", "Sum"),
                apiMetric("s4", "4XXError", "Sum"), apiMetric("lat", "Latency", "Maximum")) + "]";
        JsonNode figures = ok("cloudwatch", "get-metric-data", "--metric-data-queries", metrics,
                "--start-time", minute.minusSeconds(300).toString(), "--end-time", minute.plusSeconds(300).toString());
        Map<String, Double> byId = new HashMap<>();
        figures.get("MetricDataResults").forEach(r -> byId.put(r.get("Id").asText(), r.at("/Values/0").asDouble()));
        assertEquals(2.0, byId.get("n"), figures.toString());
        assertEquals(2.0, byId.get("s5"));
        assertEquals(0.0, byId.get("s4"));
        assertTrue(byId.get("lat") >= 1000, figures.toString());

        Processes.Result deleted = aws("apigateway", "delete-rest-api", "--rest-api-id", apiId);
        assertEquals(0, deleted.exitCode(), deleted.output());
        Processes.Result gone = aws("apigateway", "get-rest-api", "--rest-api-id", apiId);
        assertNotEquals(0, gone.exitCode());
        assertTrue(gone.output().contains("NotFoundException"), gone.output());
        assertFalse(get(base + "/items").statusCode() == 200);
    }
}
