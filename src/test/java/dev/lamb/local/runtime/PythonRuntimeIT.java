package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ReportLine;
import dev.lamb.testing.RequiredTools;

/** The Python bootstrap on the real engine and a real python3, checked against what Lambda's Python runtime does. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PythonRuntimeIT {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    @TempDir
    Path taskRoot;

    @BeforeEach
    void python() throws IOException {
        RequiredTools.require("python3");
        copyFixture("python", taskRoot);
    }

    @Test
    void answersAnEventAndCountsTheColdStartOnce() throws Exception {
        FunctionSpec spec = spec("handler.greet", 3);
        try (LocalEngine engine = engine()) {
            InvocationResult cold = engine.invoke(spec, "{\"name\": \"Ada\"}".getBytes(StandardCharsets.UTF_8));
            InvocationResult warm = engine.invoke(spec, "{\"name\": \"Bob\"}".getBytes(StandardCharsets.UTF_8));

            assertNull(cold.functionError(), cold.logText());
            assertEquals("Hello, Ada!", json(cold).get("greeting").asText());
            assertEquals("Hello, Bob!", json(warm).get("greeting").asText());
            assertNotNull(cold.report().initDurationMs(), "a cold start reports its init");
            assertTrue(cold.report().cold());
            assertNull(warm.report().initDurationMs(), "a warm start has no init");
            assertEquals(1, engine.instances(spec), "the second invocation reused the first instance");
            assertNotEquals(cold.requestId(), warm.requestId());
            assertReportLineMatches(cold);
            assertReportLineMatches(warm);
            assertEquals("START RequestId: " + cold.requestId() + " Version: $LATEST", cold.logLines().stream()
                    .filter(l -> l.startsWith("START")).findFirst().orElseThrow());
        }
    }

    @Test
    void handlerSeesLambdasContextAndEnvironment() throws Exception {
        FunctionSpec spec = new FunctionSpec("ctx-fn", "python3.12", "handler.context_info", taskRoot, 256, 5,
                Map.of("GREETING_STYLE", "formal"), "eu-west-1", FunctionSpec.LogFormat.TEXT);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
            assertNull(result.functionError(), result.logText());
            JsonNode ctx = json(result);

            assertEquals("ctx-fn", ctx.get("function_name").asText());
            assertEquals("$LATEST", ctx.get("function_version").asText());
            // AWS's runtime hands the memory size over as the environment has it: a string.
            assertEquals("256", ctx.get("memory_limit_in_mb").asText());
            assertEquals(result.requestId(), ctx.get("aws_request_id").asText());
            assertEquals(spec.arn(), ctx.get("invoked_function_arn").asText());
            assertEquals("arn:aws:lambda:eu-west-1:000000000000:function:ctx-fn", ctx.get("invoked_function_arn").asText());
            assertEquals("/aws/lambda/ctx-fn", ctx.get("log_group_name").asText());
            assertTrue(ctx.get("log_stream_name").asText().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"),
                    ctx.get("log_stream_name").asText());
            long remaining = ctx.get("remaining_ms").asLong();
            assertTrue(remaining > 0 && remaining <= 5000, "remaining " + remaining);
            assertTrue(ctx.get("identity_is_object").asBoolean());
            assertTrue(ctx.get("client_context").isNull());
            JsonNode env = ctx.get("env");
            // The task root itself, or (when lamb runs as root) a copy the functions' user can read.
            String root = env.get("LAMBDA_TASK_ROOT").asText();
            TaskRoots.assertSeen(taskRoot, root);
            assertEquals(root, ctx.get("sys_path_0").asText(), "the task root is first on sys.path");
            assertEquals(Path.of(root).toRealPath().toString(), Path.of(ctx.get("cwd").asText()).toRealPath().toString());

            assertEquals("ctx-fn", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());
            assertEquals("256", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
            assertEquals("$LATEST", env.get("AWS_LAMBDA_FUNCTION_VERSION").asText());
            assertEquals("/aws/lambda/ctx-fn", env.get("AWS_LAMBDA_LOG_GROUP_NAME").asText());
            assertEquals(ctx.get("log_stream_name").asText(), env.get("AWS_LAMBDA_LOG_STREAM_NAME").asText());
            assertEquals("eu-west-1", env.get("AWS_REGION").asText());
            assertEquals("eu-west-1", env.get("AWS_DEFAULT_REGION").asText());
            assertEquals("AWS_Lambda_python3.12", env.get("AWS_EXECUTION_ENV").asText());
            assertTrue(env.get("AWS_LAMBDA_RUNTIME_API").asText().matches("127\\.0\\.0\\.1:\\d+/[0-9a-f]{32}"),
                    "the instance's own, unguessable path: " + env.get("AWS_LAMBDA_RUNTIME_API").asText());
            assertEquals("handler.context_info", env.get("_HANDLER").asText());
            assertTrue(env.get("_X_AMZN_TRACE_ID").asText().startsWith("Root=1-"), env.get("_X_AMZN_TRACE_ID").asText());
            assertFalse(env.get("LAMBDA_RUNTIME_DIR").isNull());
            assertEquals(":UTC", env.get("TZ").asText());
            assertEquals("en_US.UTF-8", env.get("LANG").asText());
            assertEquals("formal", env.get("GREETING_STYLE").asText());
        }
    }

    @Test
    void handlerInAPackageFolder() throws Exception {
        try (LocalEngine engine = engine()) {
            for (String handler : List.of("pkg/mod.fn", "pkg.mod.fn")) {
                InvocationResult result = engine.invoke(spec(handler, 3), "{}".getBytes(StandardCharsets.UTF_8));
                assertNull(result.functionError(), result.logText());
                assertEquals("pkg.mod", json(result).get("module").asText());
            }
        }
    }

    @Test
    void exceptionIsReportedAsLambdaDoesAndTheInstanceStaysWarm() throws Exception {
        FunctionSpec failing = spec("handler.fail", 3);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(failing, "{}".getBytes(StandardCharsets.UTF_8));

            assertEquals("Unhandled", result.functionError());
            JsonNode error = json(result);
            assertEquals("Handler fails", error.get("errorMessage").asText());
            assertEquals("Exception", error.get("errorType").asText());
            assertEquals(result.requestId(), error.get("requestId").asText());
            assertEquals(1, error.get("stackTrace").size(), error.toString());
            String frame = error.get("stackTrace").get(0).asText();
            assertTrue(frame.matches("(?s)  File \"/[^\"]*/" + taskRoot.getFileName() + "/handler\\.py\", line 63, in fail\n"
                    + "    raise Exception\\(\"Handler fails\"\\)\n"), frame);
            String log = result.logText();
            assertTrue(log.contains("[ERROR] Exception: Handler fails\nTraceback (most recent call last):\n" + frame), log);

            InvocationResult next = engine.invoke(failing, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("Unhandled", next.functionError());
            assertNull(next.report().initDurationMs(), "an exception does not end the instance");
            assertEquals(1, engine.instances(failing));
        }
    }

    @Test
    void processExitIsARuntimeExitErrorAndTheNextInvocationStartsCold() throws Exception {
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec("handler.exit_hard", 3), "{}".getBytes(StandardCharsets.UTF_8));

            assertEquals("Unhandled", result.functionError());
            JsonNode error = json(result);
            assertEquals("Runtime.ExitError", error.get("errorType").asText());
            assertEquals("RequestId: " + result.requestId() + " Error: Runtime exited with error: exit status 3",
                    error.get("errorMessage").asText());
            assertTrue(error.get("errorMessage").asText().endsWith("exit status 3"));
            assertEquals("error", result.report().status());

            FunctionSpec healthy = spec("handler.greet", 3);
            InvocationResult next = engine.invoke(healthy, "{\"name\": \"again\"}".getBytes(StandardCharsets.UTF_8));
            assertNull(next.functionError(), next.logText());
            assertEquals("Hello, again!", json(next).get("greeting").asText());
            assertNotNull(next.report().initDurationMs());
        }
    }

    @Test
    void exitInTheSameFunctionIsFollowedByAColdStart() throws Exception {
        FunctionSpec spec = spec("handler.exit_hard", 3);
        try (LocalEngine engine = engine()) {
            InvocationResult first = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("Runtime.ExitError", json(first).get("errorType").asText());
            assertEquals(0, engine.instances(spec), "the dead instance is gone");
            InvocationResult second = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("Runtime.ExitError", json(second).get("errorType").asText());
            assertNotNull(second.report().initDurationMs(), "a new instance, a new cold start");
        }
    }

    @Test
    void timeoutKillsTheInstanceAndSaysSo() throws Exception {
        FunctionSpec spec = spec("handler.sleep", 1);
        try (LocalEngine engine = engine()) {
            // Warm first, so that the timeout is the handler's alone.
            InvocationResult quick = engine.invoke(spec, "{\"seconds\": 0.01}".getBytes(StandardCharsets.UTF_8));
            assertNull(quick.functionError(), quick.logText());

            long start = System.nanoTime();
            InvocationResult result = engine.invoke(spec, "{\"seconds\": 30}".getBytes(StandardCharsets.UTF_8));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(tookMs < 10_000, "took " + tookMs + " ms");
            assertEquals("Unhandled", result.functionError());
            JsonNode error = json(result);
            assertEquals("Sandbox.Timedout", error.get("errorType").asText());
            assertEquals("RequestId: " + result.requestId() + " Error: Task timed out after 1.00 seconds",
                    error.get("errorMessage").asText());
            assertTrue(result.logLines().stream().anyMatch(l -> l.endsWith(result.requestId() + " Task timed out after 1.00 seconds")),
                    result.logText());
            assertEquals("timeout", result.report().status());
            String report = result.logLines().get(result.logLines().size() - 1);
            assertTrue(report.contains("\tStatus: timeout"), report);
            assertReportLineMatches(result);

            InvocationResult next = engine.invoke(spec, "{\"seconds\": 0.01}".getBytes(StandardCharsets.UTF_8));
            assertNull(next.functionError(), next.logText());
            assertNotNull(next.report().initDurationMs(), "the timed-out instance was replaced");
        }
    }

    @Test
    void importErrorIsAnInitError() throws Exception {
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec("broken.handler", 3), "{}".getBytes(StandardCharsets.UTF_8));

            assertEquals("Unhandled", result.functionError());
            JsonNode error = json(result);
            assertEquals("Runtime.ImportModuleError", error.get("errorType").asText());
            assertEquals("Unable to import module 'broken': No module named 'not_a_module_lamb_has'",
                    error.get("errorMessage").asText());
            assertEquals("", error.get("requestId").asText());
            assertEquals(0, error.get("stackTrace").size());
            assertTrue(result.logText().contains("[ERROR] Runtime.ImportModuleError: Unable to import module 'broken': "
                    + "No module named 'not_a_module_lamb_has'"), result.logText());
        }
    }

    @Test
    void missingFunctionAndMalformedHandlerAreInitErrors() throws Exception {
        try (LocalEngine engine = engine()) {
            JsonNode missing = json(engine.invoke(spec("handler.nope", 3), "{}".getBytes(StandardCharsets.UTF_8)));
            assertEquals("Runtime.HandlerNotFound", missing.get("errorType").asText());
            assertEquals("Handler 'nope' missing on module 'handler'", missing.get("errorMessage").asText());

            JsonNode malformed = json(engine.invoke(spec("handler", 3), "{}".getBytes(StandardCharsets.UTF_8)));
            assertEquals("Runtime.MalformedHandlerName", malformed.get("errorType").asText());
            assertEquals("Bad handler 'handler': not enough values to unpack (expected 2, got 1)",
                    malformed.get("errorMessage").asText());
        }
    }

    @Test
    void resultsAreMarshalledAsLambdaDoes() throws Exception {
        try (LocalEngine engine = engine()) {
            InvocationResult unserialisable = engine.invoke(spec("handler.unserialisable", 3), "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("Unhandled", unserialisable.functionError());
            JsonNode error = json(unserialisable);
            assertEquals("Runtime.MarshalError", error.get("errorType").asText());
            assertEquals("Unable to marshal response: Object of type set is not JSON serializable",
                    error.get("errorMessage").asText());

            // python3.12 and later return unicode as is; earlier runtimes escape it
            assertEquals("{\"word\": \"h\u00e9llo\"}",
                    engine.invoke(spec("handler.unicode", 3), "{}".getBytes(StandardCharsets.UTF_8)).payloadText());
            FunctionSpec py311 = new FunctionSpec("fn", "python3.11", "handler.unicode", taskRoot, 128, 3, Map.of(),
                    "us-east-1", FunctionSpec.LogFormat.TEXT);
            assertEquals("{\"word\": \"h\\u00e9llo\"}", engine.invoke(py311, "{}".getBytes(StandardCharsets.UTF_8)).payloadText());

            assertEquals("not json at all",
                    engine.invoke(spec("handler.raw_bytes", 3), "{}".getBytes(StandardCharsets.UTF_8)).payloadText());
            assertEquals("\"{\\\"already\\\": \\\"encoded\\\"}\"",
                    engine.invoke(spec("handler.json_dumps_result", 3), "{}".getBytes(StandardCharsets.UTF_8)).payloadText());
            byte[] event = "{\"list\": [1, 2.5, \"x\", null, true], \"nested\": {\"k\": \"v\"}}".getBytes(StandardCharsets.UTF_8);
            assertEquals(JSON.readTree(event), json(engine.invoke(spec("handler.echo", 3), event)));
        }
    }

    @Test
    void logsLikeLambda() throws Exception {
        FunctionSpec spec = spec("handler.log", 3);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec, "{\"who\": \"tests\"}".getBytes(StandardCharsets.UTF_8));
            assertNull(result.functionError(), result.logText());
            List<String> lines = result.logLines();
            String id = result.requestId();

            int start = lines.indexOf("START RequestId: " + id + " Version: $LATEST");
            int end = lines.indexOf("END RequestId: " + id);
            assertTrue(start >= 0 && end > start, result.logText());
            // What the module printed at import time belongs to the cold start (Lambda puts it before START).
            List<String> body = new ArrayList<>(lines.subList(start + 1, end));
            body.remove("init: handler module imported");
            assertTrue(result.logText().contains("init: handler module imported\n"), result.logText());
            assertEquals(5, body.size(), result.logText());
            assertEquals("a plain print line", body.get(0));
            assertLogRecord(body.get(1), "INFO", id, "an info record for tests");
            assertLogRecord(body.get(2), "WARNING", id, "a warning record");
            assertEquals("a line on stderr", body.get(3));
            assertEquals("the last line", body.get(4));
            assertFalse(result.logText().contains("a debug record"), "the root logger is at INFO, as the handler set it");

            InvocationResult warm = engine.invoke(spec, "{\"who\": \"again\"}".getBytes(StandardCharsets.UTF_8));
            assertFalse(warm.logText().contains("init: handler module imported"), warm.logText());
            List<String> warmLines = warm.logLines();
            assertEquals("START RequestId: " + warm.requestId() + " Version: $LATEST", warmLines.get(0));
            assertEquals("a plain print line", warmLines.get(1));
            assertLogRecord(warmLines.get(2), "INFO", warm.requestId(), "an info record for again");
            assertEquals("the last line", warmLines.get(5));
            assertEquals("END RequestId: " + warm.requestId(), warmLines.get(6));
        }
    }

    @Test
    void jsonLogFormatWritesLogRecordsAsJson() throws Exception {
        FunctionSpec spec = new FunctionSpec("py-fn", "python3.12", "handler.log", taskRoot, 128, 3, Map.of(), "us-east-1",
                FunctionSpec.LogFormat.JSON);
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec, "{\"who\": \"json\"}".getBytes(StandardCharsets.UTF_8));
            assertNull(result.functionError(), result.logText());
            JsonNode info = result.logLines().stream().filter(l -> l.contains("an info record")).findFirst()
                    .map(PythonRuntimeIT::parse).orElseThrow(() -> new AssertionError(result.logText()));
            assertEquals("INFO", info.get("level").asText());
            assertEquals("an info record for json", info.get("message").asText());
            assertEquals("root", info.get("logger").asText());
            assertEquals(result.requestId(), info.get("requestId").asText());
            assertTrue(ISO_MILLIS.matcher(info.get("timestamp").asText()).matches(), info.toString());
            assertTrue(result.logLines().contains("a plain print line"), "print stays plain text");
        }
    }

    @Test
    void theGeneratedTemplateAnswersTheSampleEvent() throws Exception {
        Files.copy(Path.of("templates/python/handler.py"), taskRoot.resolve("app.py"));
        // The handler imports its secret helper, which imports the backoff: the template's modules beside it.
        for (String module : List.of("secret.py", "resilience.py")) {
            Files.copy(Path.of("templates/python", module), taskRoot.resolve(module));
        }
        byte[] hello = Files.readAllBytes(Path.of("templates/common/events/hello.json"));
        try (LocalEngine engine = engine()) {
            InvocationResult result = engine.invoke(spec("app.handler", 3), hello);
            assertNull(result.functionError(), result.logText());
            JsonNode response = json(result);
            assertEquals(200, response.get("statusCode").asInt());
            assertEquals("\"Hello, World!\"", response.get("body").asText());
            assertEquals("application/json", response.get("headers").get("Content-Type").asText());
            assertTrue(result.logText().contains("\"requestId\": \"" + result.requestId() + "\""), result.logText());
        }
    }

    @Test
    void concurrentInvocationsRunOnTheirOwnInstances() throws Exception {
        FunctionSpec spec = spec("handler.sleep", 5);
        byte[] event = "{\"seconds\": 0.3}".getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (LocalEngine engine = engine()) {
            List<InvocationResult> cold = invokeAll(engine, spec, event, pool);
            assertEquals(4, engine.instances(spec));
            assertEquals(4, cold.stream().map(r -> json(r).get("pid").asLong()).distinct().count());

            long start = System.nanoTime();
            List<InvocationResult> warm = invokeAll(engine, spec, event, pool);
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(tookMs < 900, "4 concurrent invocations of 300 ms took " + tookMs + " ms");
            assertTrue(warm.stream().allMatch(r -> r.functionError() == null && !r.report().cold()));
            assertEquals(4, engine.instances(spec));
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<InvocationResult> invokeAll(LocalEngine engine, FunctionSpec spec, byte[] event, ExecutorService pool)
            throws Exception {
        List<Future<InvocationResult>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(pool.submit(() -> engine.invoke(spec, event)));
        }
        List<InvocationResult> results = new ArrayList<>();
        for (Future<InvocationResult> f : futures) {
            InvocationResult r = f.get();
            assertNull(r.functionError(), r.logText());
            results.add(r);
        }
        return results;
    }

    private static void assertLogRecord(String line, String level, String requestId, String message) {
        String[] parts = line.split("\t", -1);
        assertEquals(4, parts.length, line);
        assertEquals("[" + level + "]", parts[0]);
        assertTrue(ISO_MILLIS.matcher(parts[1]).matches(), line);
        assertEquals(requestId, parts[2]);
        assertEquals(message, parts[3]);
    }

    /** The REPORT line the engine wrote reads back, with Lambda's parser, to the numbers it reported. */
    static void assertReportLineMatches(InvocationResult result) {
        String last = result.logLines().get(result.logLines().size() - 1);
        ReportLine parsed = ReportLine.parse(last).orElseThrow(() -> new AssertionError("not a REPORT line: " + last));
        ReportLine report = result.report();
        assertEquals(result.requestId(), parsed.requestId());
        assertEquals(report.requestId(), parsed.requestId());
        assertEquals(report.durationMs(), parsed.durationMs(), 0.0051);
        assertEquals(report.billedDurationMs(), parsed.billedDurationMs());
        assertEquals(report.memorySizeMb(), parsed.memorySizeMb());
        assertEquals(report.maxMemoryUsedMb(), parsed.maxMemoryUsedMb());
        assertEquals(report.cold(), parsed.cold());
        if (report.cold()) {
            assertEquals(report.initDurationMs(), parsed.initDurationMs(), 0.0051);
        }
        assertEquals(report.status(), parsed.status());
        assertEquals(report.text(), last);
    }

    private FunctionSpec spec(String handler, int timeoutSeconds) {
        return new FunctionSpec("py-fn", "python3.12", handler, taskRoot, 128, timeoutSeconds, Map.of(), "us-east-1",
                FunctionSpec.LogFormat.TEXT);
    }

    static LocalEngine engine() {
        return new LocalEngine(8, Duration.ofMinutes(5), s -> MemoryLimit.none());
    }

    static JsonNode json(InvocationResult result) {
        try {
            return JSON.readTree(result.payload());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result.payloadText() + "\n" + result.logText(), e);
        }
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** Copies src/test/resources/functions/{name} into a task root. */
    static void copyFixture(String name, Path to) throws IOException {
        Path from;
        try {
            from = Path.of(PythonRuntimeIT.class.getResource("/functions/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
