package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.FileTrees;
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
     * Issue 16 §3's provisioned-concurrency metrics: an invocation while the one provisioned instance is busy spills over
     * to an on-demand instance; once both are idle, the provisioned one serves first, as Lambda uses provisioned
     * concurrency before on-demand ("Monitoring concurrency", ProvisionedConcurrencySpilloverInvocations).
     */
    @Test
    void aBusyProvisionedInstanceSpillsOverAndAFreeOneServesFirst() throws Exception {
        RequiredTools.require("python3");
        // The function may run as a sandbox user: the files it signals with are in a folder anyone can write.
        Path signals = Files.createTempDirectory("lamb-spill-");
        Files.setPosixFilePermissions(signals, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(root.resolve("handler.py"), "import os, time\n\ndef handler(event, context):\n"
                + "    open(os.path.join('" + signals + "', 'started-' + event['name']), 'w').close()\n"
                + "    while not os.path.exists(os.path.join('" + signals + "', 'go-' + event['name'])):\n"
                + "        time.sleep(0.01)\n    return 'ok'\n");
        FunctionSpec spec = new FunctionSpec("spill", "python3.13", "handler.handler", root, 128, 10, Map.of(),
                "us-east-1", FunctionSpec.LogFormat.TEXT);
        try (LocalEngine engine = new LocalEngine(4, Duration.ofMinutes(5), s -> MemoryLimit.none())) {
            assertEquals(Optional.empty(), engine.provision(spec, 1));
            CompletableFuture<ServedInvocation> first = held(engine, spec, signals, "first");
            CompletableFuture<ServedInvocation> second = held(engine, spec, signals, "second");
            // The provisioned instance goes back idle first, the on-demand one after it: still the provisioned one serves next.
            Files.writeString(signals.resolve("go-first"), "");
            ServedInvocation provisioned = first.get(10, TimeUnit.SECONDS);
            Files.writeString(signals.resolve("go-second"), "");
            ServedInvocation spilled = second.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(true, 1), List.of(provisioned.provisioned(), provisioned.provisionedInUse()),
                    provisioned.result().payloadText());
            assertEquals(List.of(false, 1), List.of(spilled.provisioned(), spilled.provisionedInUse()),
                    spilled.result().payloadText());
            Files.writeString(signals.resolve("go-next"), "");
            assertTrue(held(engine, spec, signals, "next").get(10, TimeUnit.SECONDS).provisioned(),
                    "the idle provisioned instance serves before the on-demand one");
        } finally {
            FileTrees.deleteQuietly(signals);
        }
    }

    /** An invocation under {@code name}, once its handler has started: it runs until the file go-name exists. */
    private static CompletableFuture<ServedInvocation> held(LocalEngine engine, FunctionSpec spec, Path signals, String name)
            throws InterruptedException {
        CompletableFuture<ServedInvocation> served = CompletableFuture.supplyAsync(() -> engine.serve(spec,
                ("{\"name\": \"" + name + "\"}").getBytes(StandardCharsets.UTF_8), InvokedAs.unqualified(spec)));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(signals.resolve("started-" + name)) && !served.isDone() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        return served;
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
