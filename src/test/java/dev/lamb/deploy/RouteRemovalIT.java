package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Moto;
import dev.lamb.testing.Processes;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * Issue 11, section 7: a route taken out of lamb.toml is removed by the next `lamb deploy` (its method,
 * integration and invoke permission, and the resources it leaves empty, then a new deployment of the
 * stage), planned by --dry-run as "remove GET /old". Checked with the AWS CLI v2 against lamb's local
 * cloud and moto. A method the user added by hand to lamb's API, calling another function, stays, and a
 * renamed path parameter replaces its resource.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RouteRemovalIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_ROUTES = "routes = [\"GET /hello\", \"GET /old\", \"GET /items/{id}\", \"POST /items/{id}\"]";
    private static final String KEPT_ROUTES = "routes = [\"GET /hello\", \"GET /items/{id}\"]";

    @TempDir
    Path work;

    @Test
    void onTheLocalCloudTheRemovedRoutesStopAnsweringAndTheirPermissionsGo() throws Exception {
        try (DeployedCloud cloud = DeployedCloud.start(work.resolve("cloud"))) {
            Path dir = DeployedCloud.init(work, "shrinker");
            routes(dir, ALL_ROUTES);
            JsonNode first = deploy(cloud.lamb("deploy", "--dir", dir.toString(), "--output", "json"));
            String apiId = first.path("api_id").asText();
            String hello = first.path("urls").get(0).asText();
            String base = hello.substring(0, hello.length() - "/hello".length());
            assertEquals(200, send("GET", base + "/old?name=Ada").statusCode());
            assertEquals(200, send("POST", base + "/items/42?name=Ada").statusCode());
            String manual = handMadeMethod(cloud.aws(), apiId, "shrinker");

            routes(dir, KEPT_ROUTES);
            Lamb.Run plan = cloud.lamb("deploy", "--dir", dir.toString(), "--dry-run");
            assertEquals(0, plan.exitCode(), plan.err());
            assertPlanned(plan.out());
            assertTrue(paths(cli(cloud.endpoint(), "apigateway", "get-resources", "--rest-api-id", apiId)).containsKey("/old"),
                    "the dry run changed nothing");

            Lamb.Run deployed = cloud.lamb("deploy", "--dir", dir.toString());
            assertEquals(0, deployed.exitCode(), deployed.err());
            assertTrue(deployed.err().contains("api: removed GET /old (method and integration)"), deployed.err());
            assertTrue(deployed.err().contains("api: updated stage dev (new deployment, alias = dev)"), deployed.err());

            Map<String, List<String>> paths = paths(cli(cloud.endpoint(), "apigateway", "get-resources", "--rest-api-id", apiId));
            assertFalse(paths.containsKey("/old"), "the emptied resource is deleted: " + paths);
            assertEquals(List.of("GET"), paths.get("/items/{id}"), "POST is gone, GET stays: " + paths);
            assertEquals(List.of(), paths.get("/items"), "still the parent of a route: " + paths);
            assertEquals(List.of("GET"), paths.get(manual), "the method lamb did not make stays: " + paths);
            assertEquals(List.of("GET/hello", "GET/items/*"), sourceArns(cli(cloud.endpoint(), "lambda", "get-policy",
                    "--function-name", "shrinker", "--qualifier", "dev"), apiId));

            // API Gateway's answer for a route a REST API does not have: 403, MissingAuthenticationTokenException.
            for (HttpResponse<String> gone : List.of(send("GET", base + "/old?name=Ada"), send("POST", base + "/items/42?name=Ada"))) {
                assertEquals(403, gone.statusCode(), gone.body());
                assertEquals("Missing Authentication Token", JSON.readTree(gone.body()).path("message").asText());
                assertEquals("MissingAuthenticationTokenException", gone.headers().firstValue("x-amzn-ErrorType").orElse(""));
            }
            assertEquals(200, send("GET", base + "/items/42?name=Ada").statusCode());
            assertEquals(0, deploy(cloud.lamb("deploy", "--dir", dir.toString(), "--output", "json")).path("write_calls").asInt(),
                    "and then there is nothing left to do");

            // A renamed path parameter: API Gateway allows one variable sibling, so the old resource must go first.
            routes(dir, "routes = [\"GET /hello\", \"GET /items/{itemId}\"]");
            Lamb.Run renamed = cloud.lamb("deploy", "--dir", dir.toString());
            assertEquals(0, renamed.exitCode(), renamed.err());
            paths = paths(cli(cloud.endpoint(), "apigateway", "get-resources", "--rest-api-id", apiId));
            assertFalse(paths.containsKey("/items/{id}"), paths.toString());
            assertEquals(List.of("GET"), paths.get("/items/{itemId}"), paths.toString());
            assertEquals(200, send("GET", base + "/items/42?name=Ada").statusCode());

            // A deploy stopped after it removed a method but before it redeployed the stage (the method is
            // removed here by hand, as that deploy left it): the next one redeploys before revoking the statement.
            routes(dir, "routes = [\"GET /hello\"]");
            String itemId = cli(cloud.endpoint(), "apigateway", "get-resources", "--rest-api-id", apiId).path("items")
                    .findParents("path").stream().filter(r -> r.path("path").asText().equals("/items/{itemId}"))
                    .findFirst().orElseThrow().path("id").asText();
            Processes.Result removed = AwsCli.run(work, cloud.endpoint(), "apigateway", "delete-method",
                    "--rest-api-id", apiId, "--resource-id", itemId, "--http-method", "GET");
            assertEquals(0, removed.exitCode(), removed.output());
            assertEquals(200, send("GET", base + "/items/42?name=Ada").statusCode(), "the stage still serves its last deployment");
            Lamb.Run finished = cloud.lamb("deploy", "--dir", dir.toString());
            assertEquals(0, finished.exitCode(), finished.err());
            assertTrue(finished.err().contains("updated stage dev (new deployment, alias = dev)"), finished.err());
            assertTrue(finished.err().contains("deleted invoke permission for GET /items/*"), finished.err());
            assertEquals(403, send("GET", base + "/items/42?name=Ada").statusCode());
        }
    }

    @Test
    void onMotoTheRemovedRoutesMethodsResourcesAndStatementsAreGone() throws Exception {
        List<String> properties = List.of("aws.accessKeyId", "aws.secretAccessKey");
        properties.forEach(p -> System.setProperty(p, "test"));
        try (Moto moto = Moto.start();
             AwsClients aws = new AwsClients(new AwsTarget(null, "us-east-1", moto.endpoint(), true))) {
            String endpoint = moto.endpoint().toString();
            Path dir = DeployedCloud.init(work, "moto-shrinker");
            routes(dir, ALL_ROUTES);
            String apiId = deploy(Lamb.run("deploy", "--dir", dir.toString(), "--output", "json", "--endpoint-url", endpoint,
                    "--region", "us-east-1")).path("api_id").asText();
            String manual = handMadeMethod(aws, apiId, "moto-shrinker");

            routes(dir, KEPT_ROUTES);
            Lamb.Run plan = Lamb.run("deploy", "--dir", dir.toString(), "--dry-run", "--endpoint-url", endpoint, "--region", "us-east-1");
            assertEquals(0, plan.exitCode(), plan.err());
            assertPlanned(plan.out());
            Lamb.Run deployed = Lamb.run("deploy", "--dir", dir.toString(), "--endpoint-url", endpoint, "--region", "us-east-1");
            assertEquals(0, deployed.exitCode(), deployed.err() + moto.logTail());

            Map<String, List<String>> paths = paths(cli(endpoint, "apigateway", "get-resources", "--rest-api-id", apiId));
            assertFalse(paths.containsKey("/old"), paths.toString());
            assertEquals(List.of("GET"), paths.get("/items/{id}"), paths.toString());
            assertEquals(List.of("GET"), paths.get(manual), paths.toString());
            assertEquals(List.of("GET/hello", "GET/items/*"), sourceArns(cli(endpoint, "lambda", "get-policy",
                    "--function-name", "moto-shrinker", "--qualifier", "dev"), apiId));
        } finally {
            properties.forEach(System::clearProperty);
        }
    }

    private static void assertPlanned(String plan) {
        assertTrue(plan.contains("  would remove GET /old (method and integration)"), plan);
        assertTrue(plan.contains("  would remove POST /items/{id} (method and integration)"), plan);
        assertTrue(plan.contains("  would delete resource /old (left empty)"), plan);
        assertFalse(plan.contains("resource /items"), "/items/{id} keeps its GET: " + plan);
        assertTrue(plan.contains("  would update stage dev (new deployment, alias = dev)"), plan);
        assertTrue(plan.contains("  would delete invoke permission for GET /old"), plan);
        assertTrue(plan.contains("  would delete invoke permission for POST /items/*"), plan);
        assertFalse(plan.contains("/manual"), "the hand-made method is not lamb's: " + plan);
    }

    /**
     * A GET /manual calling another function whose name starts with this one's, added to lamb's API as a
     * user would by hand.
     */
    private static String handMadeMethod(AwsClients aws, String apiId, String function) {
        String root = aws.apiGateway().getResources(r -> r.restApiId(apiId).limit(500)).items().stream()
                .filter(r -> r.path().equals("/")).findFirst().orElseThrow().id();
        String id = aws.apiGateway().createResource(r -> r.restApiId(apiId).parentId(root).pathPart("manual")).id();
        aws.apiGateway().putMethod(r -> r.restApiId(apiId).resourceId(id).httpMethod("GET").authorizationType("NONE"));
        String other = "arn:aws:lambda:us-east-1:123456789012:function:" + function + "-admin";
        aws.apiGateway().putIntegration(r -> r.restApiId(apiId).resourceId(id).httpMethod("GET").type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST").uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + other
                        + "/invocations"));
        return "/manual";
    }

    private static void routes(Path dir, String routes) throws IOException {
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replaceAll("routes = \\[[^\\]]*\\]", routes.replace("$", "\\$")));
    }

    private static JsonNode deploy(Lamb.Run run) throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    private JsonNode cli(String endpoint, String... args) throws IOException {
        Processes.Result result = AwsCli.run(work, endpoint, args);
        assertEquals(0, result.exitCode(), result.output());
        return JSON.readTree(result.output());
    }

    /** Each resource's path with its methods, sorted, from `aws apigateway get-resources`. */
    private static Map<String, List<String>> paths(JsonNode resources) {
        Map<String, List<String>> paths = new TreeMap<>();
        for (JsonNode r : resources.path("items")) {
            List<String> methods = new ArrayList<>();
            r.path("resourceMethods").fieldNames().forEachRemaining(methods::add);
            methods.sort(null);
            paths.put(r.path("path").asText(), methods);
        }
        return paths;
    }

    /** The METHOD/path ends of the policy's execute-api source ARNs for this API, sorted, from `aws lambda get-policy`. */
    private static List<String> sourceArns(JsonNode getPolicy, String apiId) throws IOException {
        List<String> arns = new ArrayList<>();
        for (JsonNode statement : JSON.readTree(getPolicy.path("Policy").asText()).path("Statement")) {
            String arn = statement.path("Condition").path("ArnLike").path("AWS:SourceArn").asText();
            arns.add(arn.substring(arn.indexOf(apiId + "/dev/") + apiId.length() + 5));
        }
        arns.sort(null);
        return arns;
    }

    private static HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
