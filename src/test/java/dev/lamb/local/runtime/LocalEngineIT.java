package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.RequiredTools;

/** The instance lifecycle: idle instances stop after a while, and the next invocation starts cold. */
class LocalEngineIT {
    @TempDir
    Path root;

    @Test
    void idleInstancesAreStoppedAndTheNextInvocationIsCold() throws IOException, InterruptedException {
        RequiredTools.require("python3");
        Files.writeString(root.resolve("handler.py"), "def handler(event, context):\n    return 'ok'\n");
        FunctionSpec spec = new FunctionSpec("idle", "python3.13", "handler.handler", root, 128, 5, Map.of(),
                "us-east-1", FunctionSpec.LogFormat.TEXT);
        try (LocalEngine engine = new LocalEngine(4, Duration.ofMillis(300), s -> MemoryLimit.none())) {
            assertTrue(engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8)).report().cold());
            assertEquals(false, engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8)).report().cold());
            assertEquals(1, engine.instances(spec));
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (engine.instances(spec) > 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals(0, engine.instances(spec), "the idle instance was not stopped");
            assertTrue(engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8)).report().cold());
        }
    }
}
