package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.lambda.FunctionCredentials;
import dev.lamb.lambda.InvocationResult;
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

    /**
     * An instance keeps the credentials it started with, as a Lambda execution environment does, so one whose
     * credentials would run out before an invocation's timeout makes way for a new instance with new ones.
     */
    @Test
    void anInstanceWhoseCredentialsRunOutIsReplacedWithOneWithFreshCredentials() throws IOException {
        RequiredTools.require("python3");
        Files.writeString(root.resolve("handler.py"),
                "import os\n\ndef handler(event, context):\n    return os.environ['AWS_ACCESS_KEY_ID'] + ' ' + os.environ['AWS_SESSION_TOKEN']\n");
        FunctionSpec spec = new FunctionSpec("keys", "python3.13", "handler.handler", root, 128, 5, Map.of(),
                "us-east-1", FunctionSpec.LogFormat.TEXT);
        AtomicInteger issued = new AtomicInteger();
        try (LocalEngine engine = new LocalEngine(4, Duration.ofMinutes(5), s -> MemoryLimit.none())) {
            // Valid for a minute: less than the 5 s timeout plus the engine's margin, so never enough for a warm reuse.
            engine.functionsCredentials(s -> Optional.of(new FunctionCredentials("ASIASHORT" + issued.incrementAndGet(), "secret",
                    "token" + issued.get(), Instant.now().plusSeconds(60))));
            InvocationResult first = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
            InvocationResult second = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("\"ASIASHORT1 token1\"", new String(first.payload(), StandardCharsets.UTF_8));
            assertEquals("\"ASIASHORT2 token2\"", new String(second.payload(), StandardCharsets.UTF_8));
            assertTrue(second.report().cold(), "a new instance");

            // Valid for an hour: the warm instance keeps its own.
            engine.functionsCredentials(s -> Optional.of(new FunctionCredentials("ASIALONG" + issued.incrementAndGet(), "secret",
                    "token", Instant.now().plusSeconds(3600))));
            assertEquals("\"ASIALONG3 token\"", new String(engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8)).payload(),
                    StandardCharsets.UTF_8));
            InvocationResult warm = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("\"ASIALONG3 token\"", new String(warm.payload(), StandardCharsets.UTF_8));
            assertFalse(warm.report().cold());
        }
    }
}
