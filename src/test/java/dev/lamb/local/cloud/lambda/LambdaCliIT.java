package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;

/** The Lambda service through the real AWS CLI v2, as a third-party client of its wire protocol. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(
            new LambdaService(data, engine.get(), arn -> true, Duration.ofMillis(200))));
    @TempDir
    static Path work;
    static Path aws;

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTools.require("/usr/bin/aws");
        RequiredTools.require("python3");
        Files.write(work.resolve("v1.zip"), LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1));
        Files.write(work.resolve("v2.zip"), LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V2));
    }

    private static Processes.Result aws(String... args) {
        return AwsCli.run(work, cloud.endpoint(), args);
    }

    private static JsonNode ok(String... args) throws Exception {
        Processes.Result result = aws(args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
    }

    @Test
    void deploysInvokesVersionsAndDeletesAFunction() throws Exception {
        JsonNode created = ok("lambda", "create-function", "--function-name", "cli-greet", "--runtime", "python3.12",
                "--handler", "handler.greet", "--role", ROLE, "--zip-file", "fileb://v1.zip", "--tags", "team=lamb");
        assertEquals("Pending", created.get("State").asText());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:cli-greet", created.get("FunctionArn").asText());
        ok("lambda", "wait", "function-active-v2", "--function-name", "cli-greet");

        JsonNode got = ok("lambda", "get-function", "--function-name", "cli-greet");
        assertEquals("Active", got.at("/Configuration/State").asText());
        assertEquals("Successful", got.at("/Configuration/LastUpdateStatus").asText());
        assertEquals("lamb", got.at("/Tags/team").asText());
        assertEquals(created.get("CodeSha256").asText(), got.at("/Configuration/CodeSha256").asText());

        JsonNode invoked = ok("lambda", "invoke", "--function-name", "cli-greet", "--cli-binary-format", "raw-in-base64-out",
                "--payload", "{\"name\":\"Ada\"}", "--log-type", "Tail", "out.json");
        assertEquals(200, invoked.get("StatusCode").asInt());
        assertEquals("$LATEST", invoked.get("ExecutedVersion").asText());
        String log = new String(Base64.getDecoder().decode(invoked.get("LogResult").asText()), StandardCharsets.UTF_8);
        assertTrue(log.contains("START RequestId: "), log);
        assertTrue(log.contains("END RequestId: "), log);
        assertTrue(log.contains("REPORT RequestId: "), log);
        assertTrue(log.contains("greeting Ada"), log);
        assertEquals("Hello, Ada!", JSON.readTree(work.resolve("out.json").toFile()).get("greeting").asText());

        JsonNode updated = ok("lambda", "update-function-code", "--function-name", "cli-greet", "--zip-file", "fileb://v2.zip");
        assertEquals("InProgress", updated.get("LastUpdateStatus").asText());
        assertNotEquals(created.get("CodeSha256").asText(), updated.get("CodeSha256").asText());
        ok("lambda", "wait", "function-updated-v2", "--function-name", "cli-greet");

        JsonNode version = ok("lambda", "publish-version", "--function-name", "cli-greet");
        assertEquals("1", version.get("Version").asText());
        ok("lambda", "create-alias", "--function-name", "cli-greet", "--name", "live", "--function-version", "1");
        JsonNode viaAlias = ok("lambda", "invoke", "--function-name", "cli-greet", "--qualifier", "live",
                "--cli-binary-format", "raw-in-base64-out", "--payload", "{\"name\":\"Bob\"}", "alias.json");
        assertEquals("1", viaAlias.get("ExecutedVersion").asText());
        assertEquals("Hi, Bob!", JSON.readTree(work.resolve("alias.json").toFile()).get("greeting").asText());
        assertEquals(2, ok("lambda", "list-versions-by-function", "--function-name", "cli-greet").get("Versions").size());

        JsonNode statement = ok("lambda", "add-permission", "--function-name", "cli-greet", "--statement-id", "apigw",
                "--action", "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com",
                "--source-arn", "arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/hello");
        assertEquals("apigw", JSON.readTree(statement.get("Statement").asText()).get("Sid").asText());
        Processes.Result duplicate = aws("lambda", "add-permission", "--function-name", "cli-greet", "--statement-id", "apigw",
                "--action", "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com");
        assertEquals(254, duplicate.exitCode(), duplicate.output());
        assertTrue(duplicate.output().contains("ResourceConflictException"), duplicate.output());
        JsonNode policy = JSON.readTree(ok("lambda", "get-policy", "--function-name", "cli-greet").get("Policy").asText());
        JsonNode s = policy.at("/Statement/0");
        assertEquals("2012-10-17", policy.get("Version").asText());
        assertEquals("apigateway.amazonaws.com", s.at("/Principal/Service").asText());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:cli-greet", s.get("Resource").asText());
        assertEquals("arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/hello", s.at("/Condition/ArnLike/AWS:SourceArn").asText());
        ok("lambda", "remove-permission", "--function-name", "cli-greet", "--statement-id", "apigw");

        JsonNode listed = ok("lambda", "list-functions");
        assertTrue(listed.get("Functions").findValuesAsText("FunctionName").contains("cli-greet"), listed.toString());

        String arn = created.get("FunctionArn").asText();
        ok("lambda", "tag-resource", "--resource", arn, "--tags", "stage=dev");
        JsonNode tags = ok("lambda", "list-tags", "--resource", arn);
        assertEquals("dev", tags.at("/Tags/stage").asText());
        assertEquals("lamb", tags.at("/Tags/team").asText());

        ok("lambda", "delete-function", "--function-name", "cli-greet");
        Processes.Result missing = aws("lambda", "get-function", "--function-name", "cli-greet");
        assertEquals(254, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("ResourceNotFoundException"), missing.output());
        assertTrue(missing.output().contains("Function not found: arn:aws:lambda:us-east-1:000000000000:function:cli-greet"),
                missing.output());
    }

    @Test
    void reportsAHandlerThatRaisesAsUnhandled() throws Exception {
        ok("lambda", "create-function", "--function-name", "cli-fail", "--runtime", "python3.12", "--handler", "handler.fail",
                "--role", ROLE, "--zip-file", "fileb://v1.zip");
        ok("lambda", "wait", "function-active-v2", "--function-name", "cli-fail");
        JsonNode invoked = ok("lambda", "invoke", "--function-name", "cli-fail", "fail.json");
        assertEquals(200, invoked.get("StatusCode").asInt());
        assertEquals("Unhandled", invoked.get("FunctionError").asText());
        JsonNode error = JSON.readTree(work.resolve("fail.json").toFile());
        assertEquals("Handler fails", error.get("errorMessage").asText());
        assertEquals("Exception", error.get("errorType").asText());
    }

    @Test
    void paginatesListFunctions() throws Exception {
        for (String name : List.of("page-a", "page-b", "page-c")) {
            ok("lambda", "create-function", "--function-name", name, "--runtime", "python3.12", "--handler", "handler.greet",
                    "--role", ROLE, "--zip-file", "fileb://v1.zip");
        }
        JsonNode first = ok("lambda", "list-functions", "--no-paginate", "--max-items", "2");
        assertEquals(2, first.get("Functions").size());
        JsonNode all = ok("lambda", "list-functions", "--page-size", "1");
        assertTrue(all.get("Functions").findValuesAsText("FunctionName").containsAll(List.of("page-a", "page-b", "page-c")));
    }
}
