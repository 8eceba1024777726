package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.testing.RequiredTools;

/**
 * Lambda's Python runtimes ship boto3 compiled; here a function on another Python than the one boto3 was
 * installed with gets boto3 compiled for its Python from the user's cache folder, made once in the background
 * (the first cold starts get the plain copy), and a damaged cache is set aside: it never fails an invocation.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PythonSdkCacheIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HANDLER = """
            import os, sys
            import boto3, botocore

            def handler(event, context):
                return {"boto3": boto3.__version__, "compiled": os.path.exists(botocore.__cached__)}
            """;

    @TempDir
    Path cache;
    @TempDir
    Path taskRoot;

    @Test
    void anotherPythonGetsBoto3CompiledOnceAndADamagedCacheIsSetAside() throws Exception {
        RequiredTools.require("python3");
        Files.writeString(taskRoot.resolve("handler.py"), HANDLER);
        Map<String, String> machine = new HashMap<>(System.getenv());
        machine.put("XDG_CACHE_HOME", cache.toString());
        Path compiledRoot = cache.resolve("lamb/python-sdk");
        try (LocalEngine engine = TestEngines.finding(machine, n -> {})) {
            String runtime = pythonWithoutBoto3sBytecode(engine.runtimeReport());

            JsonNode plain = invoke(engine, runtime, "first");
            assertFalse(plain.path("compiled").asBoolean(), "the first cold start has the plain copy: " + plain);
            Path made = awaitMade(compiledRoot);
            assertTrue(made.getFileName().toString().startsWith(runtime + "-boto3-" + plain.path("boto3").asText() + "-"), made.toString());

            JsonNode compiled = invoke(engine, runtime, "second");
            assertTrue(compiled.path("compiled").asBoolean(), "a later cold start has boto3 compiled for " + runtime);
            assertEquals(plain.path("boto3"), compiled.path("boto3"));

            // A compiled file whose header still matches its source but whose code is damaged: Python would fail the
            // import. Written as a new file: the cache's other files are hard links to boto3's own.
            Path pyc = made.resolve("botocore/__pycache__/session.cpython-3" + runtime.substring("python3.".length()) + ".pyc");
            byte[] bytes = Files.readAllBytes(pyc);
            Arrays.fill(bytes, 16, bytes.length, (byte) 0x5a);
            Files.delete(pyc);
            Files.write(pyc, bytes);
        }
        try (LocalEngine engine = TestEngines.finding(machine, n -> {})) {
            String runtime = pythonWithoutBoto3sBytecode(engine.runtimeReport());
            JsonNode afterDamage = invoke(engine, runtime, "third");
            assertFalse(afterDamage.path("compiled").asBoolean(), "the damaged folder is not used: " + afterDamage);
            try (Stream<Path> left = Files.list(compiledRoot)) {
                assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith(".")).toList(),
                        "the damaged folder is set aside");
            }
        }
    }

    private JsonNode invoke(LocalEngine engine, String runtime, String name) throws IOException {
        FunctionSpec spec = new FunctionSpec(name, runtime, "handler.handler", taskRoot, 1024, 30, Map.of(), "us-east-1",
                FunctionSpec.LogFormat.TEXT);
        InvocationResult result = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
        assertNull(result.functionError(), result.logText());
        return JSON.readTree(result.payload());
    }

    /** A Python runtime installed here whose version is not the one boto3's site-packages belong to. */
    private static String pythonWithoutBoto3sBytecode(RuntimeReport report) {
        Optional<String> boto3 = report.sdks().stream().filter(s -> s.sdk().equals("boto3")).map(RuntimeReport.SdkSource::path).findFirst();
        assumeTrue(boto3.isPresent(), "no boto3 here: " + report.missing());
        Optional<String> other = report.runtimes().stream().map(RuntimeReport.Runtime::runtime)
                .filter(r -> r.startsWith("python3.") && !boto3.get().contains("/" + r + "/")).findFirst();
        assumeTrue(other.isPresent(), "only boto3's own Python is installed: " + report.runtimes());
        return other.get();
    }

    private static Path awaitMade(Path root) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> entries = Files.list(root)) {
                    Optional<Path> made = entries.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst();
                    if (made.isPresent()) {
                        return made.get();
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no compiled boto3 in " + root + " after 60 s");
    }
}
