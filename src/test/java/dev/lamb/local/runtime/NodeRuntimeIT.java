package dev.lamb.local.runtime;

import static dev.lamb.local.runtime.PythonRuntimeIT.assertReportLineMatches;
import static dev.lamb.local.runtime.PythonRuntimeIT.copyFixture;
import static dev.lamb.local.runtime.PythonRuntimeIT.engine;
import static dev.lamb.local.runtime.PythonRuntimeIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.testing.RequiredTools;

/** The Node.js bootstrap on the real engine and a real node, checked against what Lambda's Node.js runtime does. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NodeRuntimeIT {
    private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @TempDir
    Path taskRoot;

    @BeforeEach
    void node() {
        RequiredTools.require("node");
    }

    @Test
    void esModuleAsyncHandlerSeesLambdasContext() throws Exception {
        copyFixture("node-esm", taskRoot);
        FunctionSpec spec = new FunctionSpec("node-fn", "nodejs20.x", "index.handler", taskRoot, 512, 4,
                Map.of("GREETING_STYLE", "casual"), "ap-southeast-2", FunctionSpec.LogFormat.TEXT);
        try (LocalEngine engine = engine()) {
            InvocationResult cold = engine.invoke(spec, bytes("{\"name\": \"Ada\"}"));
            assertNull(cold.functionError(), cold.logText());
            JsonNode ctx = json(cold);

            assertEquals("node-fn", ctx.get("functionName").asText());
            assertEquals("$LATEST", ctx.get("functionVersion").asText());
            assertTrue(ctx.get("memoryLimitInMB").isTextual(), "a string, as in Lambda");
            assertEquals("512", ctx.get("memoryLimitInMB").asText());
            assertEquals(spec.arn(), ctx.get("invokedFunctionArn").asText());
            assertEquals(cold.requestId(), ctx.get("awsRequestId").asText());
            assertEquals("/aws/lambda/node-fn", ctx.get("logGroupName").asText());
            assertTrue(ctx.get("logStreamName").asText().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"));
            long remaining = ctx.get("remainingMs").asLong();
            assertTrue(remaining > 0 && remaining <= 4000, "remaining " + remaining);
            assertTrue(ctx.get("callbackWaitsForEmptyEventLoop").asBoolean());
            JsonNode env = ctx.get("env");
            assertEquals("node-fn", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());
            assertEquals("ap-southeast-2", env.get("AWS_REGION").asText());
            assertEquals("AWS_Lambda_nodejs20.x", env.get("AWS_EXECUTION_ENV").asText());
            assertEquals("index.handler", env.get("_HANDLER").asText());
            assertTrue(env.get("_X_AMZN_TRACE_ID").asText().startsWith("Root=1-"));
            TaskRoots.assertSeen(taskRoot, env.get("LAMBDA_TASK_ROOT").asText());
            assertEquals(":UTC", env.get("TZ").asText());
            assertEquals("casual", env.get("GREETING_STYLE").asText());
            assertNotNull(cold.report().initDurationMs());
            assertReportLineMatches(cold);

            InvocationResult warm = engine.invoke(spec, bytes("{}"));
            assertNull(warm.functionError(), warm.logText());
            assertEquals(warm.requestId(), json(warm).get("awsRequestId").asText());
            assertNull(warm.report().initDurationMs());
            assertEquals(1, engine.instances(spec));
        }
    }

    @Test
    void consoleIsPrefixedAsInLambdaAndStdoutStaysRaw() throws Exception {
        copyFixture("node-esm", taskRoot);
        FunctionSpec spec = spec("index.handler", 3);
        try (LocalEngine engine = engine()) {
            engine.invoke(spec, bytes("{}"));
            InvocationResult result = engine.invoke(spec, bytes("{\"name\": \"logs\"}"));
            String id = result.requestId();
            List<String> lines = result.logLines();

            assertEquals("START RequestId: " + id + " Version: $LATEST", lines.get(0));
            assertMatches(ISO_MILLIS + "\t" + id + "\tINFO\thello logs \\{ n: 42 \\}", lines.get(1));
            assertMatches(ISO_MILLIS + "\t" + id + "\tWARN\ta warning", lines.get(2));
            assertEquals("a raw stdout line", lines.get(3));
            assertEquals("END RequestId: " + id, lines.get(4));
            assertTrue(lines.get(5).startsWith("REPORT RequestId: " + id + "\t"));
        }
    }

    @Test
    void jsonLogFormatWritesConsoleAsJson() throws Exception {
        copyFixture("node-esm", taskRoot);
        FunctionSpec spec = new FunctionSpec("node-fn", "nodejs20.x", "index.handler", taskRoot, 128, 3, Map.of(),
                "us-east-1", FunctionSpec.LogFormat.JSON);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec, bytes("{\"name\": \"json\"}"));
            assertNull(result.functionError(), result.logText());
            JsonNode hello = result.logLines().stream().filter(l -> l.contains("hello json")).findFirst()
                    .map(PythonRuntimeIT::parse).orElseThrow(() -> new AssertionError(result.logText()));
            assertEquals("INFO", hello.get("level").asText());
            assertEquals(result.requestId(), hello.get("requestId").asText());
            assertEquals("hello json { n: 42 }", hello.get("message").asText());
            assertTrue(hello.get("timestamp").asText().matches(ISO_MILLIS), hello.toString());
            assertTrue(result.logLines().contains("a raw stdout line"), "process.stdout.write stays raw");
        }
    }

    @Test
    void consoleBeforeTheFirstInvocationHasNoRequestId() throws Exception {
        copyFixture("node-esm", taskRoot);
        try (LocalEngine engine = engine()) {
            InvocationResult cold = engine.invoke(spec("index.handler", 3), bytes("{}"));
            assertTrue(cold.logLines().stream().anyMatch(l -> l.matches(ISO_MILLIS + "\tundefined\tINFO\tinit: module loaded")),
                    cold.logText());
        }
    }

    @Test
    void thrownErrorIsReportedAsLambdaDoes() throws Exception {
        copyFixture("node-esm", taskRoot);
        FunctionSpec spec = spec("index.fail", 3);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec, bytes("{}"));

            assertEquals("Unhandled", result.functionError());
            JsonNode error = json(result);
            assertEquals("TypeError", error.get("errorType").asText());
            assertEquals("boom", error.get("errorMessage").asText());
            assertEquals("TypeError: boom", error.get("trace").get(0).asText());
            assertTrue(error.get("trace").get(1).asText().contains("/" + taskRoot.getFileName() + "/index.mjs:"), error.toString());
            assertNull(error.get("stackTrace"), "Node's runtime says trace, not stackTrace");
            String invokeError = result.logLines().stream().filter(l -> l.contains("\tERROR\tInvoke Error \t")).findFirst()
                    .orElseThrow(() -> new AssertionError(result.logText()));
            assertMatches(ISO_MILLIS + "\t" + result.requestId() + "\tERROR\tInvoke Error \t\\{.*", invokeError);
            JsonNode logged = PythonRuntimeIT.JSON.readTree(invokeError.substring(invokeError.indexOf("\t{") + 1));
            assertEquals("TypeError", logged.get("errorType").asText());
            assertEquals("boom", logged.get("errorMessage").asText());
            assertEquals("TypeError: boom", logged.get("stack").get(0).asText());

            InvocationResult again = engine.invoke(spec, bytes("{}"));
            assertEquals("Unhandled", again.functionError());
            assertNull(again.report().initDurationMs(), "an error does not end the instance");

            JsonNode thrownString = json(engine.invoke(spec("index.throwString", 3), bytes("{}")));
            assertEquals("string", thrownString.get("errorType").asText());
            assertEquals("plain string", thrownString.get("errorMessage").asText());
            assertEquals(0, thrownString.get("trace").size());
        }
    }

    @Test
    void commonJsCallbackHandlerWaitsForTheEmptyEventLoop() throws Exception {
        copyFixture("node-cjs", taskRoot);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec("app.callback", 3), bytes("{\"k\": 1}"));
            assertNull(result.functionError(), result.logText());
            JsonNode answer = json(result);
            assertEquals("callback", answer.get("via").asText());
            assertEquals(1, answer.get("event").get("k").asInt());
            assertTrue(result.logLines().stream().anyMatch(l -> l.endsWith("\tINFO\ttimer after callback")), result.logText());

            InvocationResult failed = engine.invoke(spec("app.callbackError", 3), bytes("{}"));
            assertEquals("Unhandled", failed.functionError());
            assertEquals("Error", json(failed).get("errorType").asText());
            assertEquals("callback failed", json(failed).get("errorMessage").asText());
        }
    }

    @Test
    void cjsFileWithCallback() throws Exception {
        copyFixture("node-cjs", taskRoot);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec("other.handler", 3), bytes("{}"));
            assertNull(result.functionError(), result.logText());
            assertEquals("cjs", json(result).get("via").asText());
            assertEquals(result.requestId(), json(result).get("requestId").asText());
        }
    }

    @Test
    void syncReturnLegacySucceedAndNestedHandlers() throws Exception {
        copyFixture("node-cjs", taskRoot);
        try (LocalEngine engine = engine()) {
            JsonNode sync = json(engine.invoke(spec("app.sync", 3), bytes("{\"n\": 21}")));
            assertEquals("sync", sync.get("via").asText());
            assertEquals(42, sync.get("doubled").asInt());
            assertEquals("context.succeed", json(engine.invoke(spec("app.legacySucceed", 3), bytes("{}"))).get("via").asText());
            assertEquals("\"nested handler\"", engine.invoke(spec("app.nested.deeper.fn", 3), bytes("{}")).payloadText());
        }
    }

    @Test
    void jsFileIsAnEsModuleWhenPackageJsonSaysSo() throws Exception {
        copyFixture("node-esm-js", taskRoot);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec("src/app.handler", 3), bytes("{\"x\": true}"));
            assertNull(result.functionError(), result.logText());
            assertEquals("esm .js", json(result).get("via").asText());
            assertEquals("app.js", json(result).get("file").asText());
        }
    }

    @Test
    void loadErrorsAreInitErrors() throws Exception {
        copyFixture("node-cjs", taskRoot);
        try (LocalEngine engine = engine()) {
            InvocationResult missingModule = engine.invoke(spec("nothere.handler", 3), bytes("{}"));
            assertEquals("Unhandled", missingModule.functionError());
            JsonNode error = json(missingModule);
            assertEquals("Runtime.ImportModuleError", error.get("errorType").asText());
            assertTrue(error.get("errorMessage").asText().startsWith("Error: Cannot find module 'nothere'"), error.toString());
            assertTrue(missingModule.logText().contains("\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\"Runtime.ImportModuleError\""),
                    missingModule.logText());

            JsonNode missingExport = json(engine.invoke(spec("app.absent", 3), bytes("{}")));
            assertEquals("Runtime.HandlerNotFound", missingExport.get("errorType").asText());
            assertEquals("app.absent is undefined or not exported", missingExport.get("errorMessage").asText());

            JsonNode malformed = json(engine.invoke(spec("app", 3), bytes("{}")));
            assertEquals("Runtime.MalformedHandlerName", malformed.get("errorType").asText());
        }
    }

    @Test
    void theGeneratedTemplateAnswersTheSampleEvent() throws Exception {
        // The handler imports its secret helper, which imports the backoff: the template's modules beside it.
        for (String module : List.of("handler.mjs", "secret.mjs", "resilience.mjs")) {
            Files.copy(Path.of("templates/node", module), taskRoot.resolve(module));
        }
        byte[] hello = Files.readAllBytes(Path.of("templates/common/events/hello.json"));
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec("handler.handler", 3), hello);
            assertNull(result.functionError(), result.logText());
            JsonNode response = json(result);
            assertEquals(200, response.get("statusCode").asInt());
            assertEquals("\"Hello, World!\"", response.get("body").asText());
            assertTrue(result.logText().contains("\"requestId\":\"" + result.requestId() + "\""), result.logText());
        }
    }

    private static void assertMatches(String regex, String line) {
        assertTrue(Pattern.compile(regex).matcher(line).matches(), "expected " + regex + "\nbut was  " + line);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private FunctionSpec spec(String handler, int timeoutSeconds) {
        return new FunctionSpec("node-fn", "nodejs20.x", handler, taskRoot, 128, timeoutSeconds, Map.of(), "us-east-1",
                FunctionSpec.LogFormat.TEXT);
    }
}
