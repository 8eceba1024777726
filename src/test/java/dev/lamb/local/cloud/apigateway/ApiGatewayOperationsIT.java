package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.cloud.Operation;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/**
 * API Gateway's one operation table against the service model the AWS CLI v2 itself carries (botocore's
 * apigateway/2015-07-09 service-2.json): each operation served is listed under its model name at its
 * model method and path, and every other operation of the model answers 400 NotImplemented naming it.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApiGatewayOperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Values for the model's path parameters; ids that no API has.
    private static final Map<String, String> SAMPLES = Map.of("http_method", "GET",
            "resource_arn", "arn:aws:apigateway:us-east-1::/restapis/abcdefghij");

    @TempDir
    Path dataDir;

    /** The operations of the model the CLI at /usr/bin/aws speaks, by name. */
    private static JsonNode model() throws Exception {
        Path python = RequiredTools.require("/usr/bin/python3");
        RequiredTools.require(AwsCli.PATH);
        Processes.Result found = Processes.run(Path.of(System.getProperty("java.io.tmpdir")), Map.of(), 60,
                List.of(python.toString(), "-c", "import awscli.botocore, os; print(os.path.dirname(awscli.botocore.__file__))"));
        assertEquals(0, found.exitCode(), found.output());
        Path model = Path.of(found.output().strip(), "data", "apigateway", "2015-07-09", "service-2.json");
        return JSON.readTree(model.toFile()).get("operations");
    }

    @Test
    void eachModelOperationIsServedAtItsPathOrNamedAsNotImplemented() throws Exception {
        JsonNode model = model();
        Map<String, String> served = new TreeMap<>();
        try (ApiGatewayService service = new ApiGatewayService(dataDir, null)) {
            for (Operation op : service.operations().operations()) {
                served.put(op.name(), op.request().replace("+}", "}"));
            }
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : model.properties()) {
                String name = e.getKey();
                String method = e.getValue().at("/http/method").asText();
                String uri = e.getValue().at("/http/requestUri").asText();
                if (served.containsKey(name)) {
                    if (!served.get(name).equals(method + " " + uri)) {
                        wrong.add(name + " is listed at " + served.get(name) + ", the model has " + method + " " + uri);
                    }
                    continue;
                }
                String answer = answer(service, method, uri);
                if (!answer.equals("NotImplemented: lamb's local cloud does not implement API Gateway " + name + " yet")) {
                    wrong.add(method + " " + uri + " (" + name + ") answered " + answer);
                }
            }
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        }
        assertEquals(38, served.size(), served.toString());
        assertTrue(served.keySet().stream().allMatch(model::has), "every operation served has its model name: " + served);
    }

    /** The error code and message a request to the model's path answers, or its status when it succeeds. */
    private static String answer(ApiGatewayService service, String method, String uri) {
        String[] pathAndQuery = uri.split("\\?", 2);
        String path = pathAndQuery[0];
        for (String param : path.split("/")) {
            if (param.startsWith("{")) {
                String name = param.substring(1, param.length() - 1).replace("+", "");
                path = path.replace(param, SAMPLES.getOrDefault(name, "abcdefghij"));
            }
        }
        Map<String, List<String>> query = pathAndQuery.length == 1 ? Map.of()
                : Map.of(pathAndQuery[1].split("=")[0], List.of(pathAndQuery[1].split("=")[1]));
        try {
            return "status " + service.handle(new CloudRequest(method, path, query, new TreeMap<>(String.CASE_INSENSITIVE_ORDER),
                    "{}".getBytes(), "us-east-1")).status();
        } catch (AwsServiceException e) {
            return e.code() + ": " + e.getMessage();
        }
    }

    @Test
    void theCliSeesAnOperationNotServedNamed() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(0, List.of(new ApiGatewayService(dataDir, null)))) {
            Processes.Result authorizers = AwsCli.run(dataDir, cloud.endpoint(), Map.of("AWS_MAX_ATTEMPTS", "1"),
                    "apigateway", "get-authorizers", "--rest-api-id", "abcdefghij");
            assertNotEquals(0, authorizers.exitCode());
            assertTrue(authorizers.output().contains("(NotImplemented)")
                    && authorizers.output().contains("does not implement API Gateway GetAuthorizers"), authorizers.output());
            Processes.Result usagePlans = AwsCli.run(dataDir, cloud.endpoint(), Map.of("AWS_MAX_ATTEMPTS", "1"),
                    "apigateway", "get-usage-plans");
            assertTrue(usagePlans.output().contains("does not implement API Gateway GetUsagePlans"), usagePlans.output());
        }
    }
}
