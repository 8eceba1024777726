package dev.lamb.local.runtime;

import static dev.lamb.local.runtime.PythonRuntimeIT.copyFixture;
import static dev.lamb.local.runtime.PythonRuntimeIT.engine;
import static dev.lamb.local.runtime.PythonRuntimeIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.testing.RequiredTools;

/** A custom runtime: the function's own executable bootstrap talks to the engine's Runtime API. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProvidedRuntimeIT {
    @TempDir
    Path taskRoot;

    @Test
    void bootstrapLoopsOnNextAndAnswers() throws Exception {
        RequiredTools.require("bash");
        RequiredTools.require("curl");
        copyFixture("provided", taskRoot);
        // Resources lose the executable bit when Maven copies them.
        assertTrue(taskRoot.resolve("bootstrap").toFile().setExecutable(true));
        FunctionSpec spec = new FunctionSpec("custom-fn", "provided.al2023", "function.handler", taskRoot, 128, 3,
                Map.of(), "us-east-1", FunctionSpec.LogFormat.TEXT);
        try (LocalEngine engine = engine()) {
            InvocationResult cold = engine.invoke(spec, "{\"n\": 1}".getBytes(StandardCharsets.UTF_8));
            assertNull(cold.functionError(), cold.logText());
            JsonNode answer = json(cold);
            assertEquals(1, answer.get("echo").get("n").asInt());
            assertEquals("unset", answer.get("executionEnv").asText(), "AWS_EXECUTION_ENV is not set for provided runtimes");
            assertEquals("function.handler", answer.get("handler").asText());
            TaskRoots.assertSeen(taskRoot, answer.get("taskRoot").asText());
            assertNotNull(cold.report().initDurationMs());
            assertTrue(cold.logText().contains("handling " + cold.requestId() + "\n"), cold.logText());

            InvocationResult warm = engine.invoke(spec, "{\"n\": 2}".getBytes(StandardCharsets.UTF_8));
            assertNull(warm.functionError(), warm.logText());
            assertEquals(2, json(warm).get("echo").get("n").asInt());
            assertNull(warm.report().initDurationMs());
            assertEquals(1, engine.instances(spec));
            PythonRuntimeIT.assertReportLineMatches(warm);
        }
    }
}
