package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.FileTrees;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.tune.TuneSteps.FunctionState;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Issue 11, section 2: `lamb tune` stopped by SIGINT or SIGTERM at any moment, from the first publish
 * to the last invocation, leaves the function's versions, aliases, memory, architecture and description
 * as they were, and ends with one line naming the step; also with configuration updates as slow as
 * Lambda's (a 700 ms latency fault on PUT .../configuration, as the probe had). Its cloud keeps
 * Lambda's state delay, so the moments between publishes last and lamb's waits are proved. TuneStopIT has runs
 * stopped by SIGTERM, Ctrl-C before any change and kill -9 (apart, so that CI runs the two side by side).
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneInterruptIT {
    /**
     * Answers at once; counts its invocations in STATE/calls and, at the one STATE/stop-at names, writes
     * STATE/reached and waits (at most 10 s) for STATE/go: the test interrupts lamb with that invocation in
     * flight, then lets it finish. (When lamb runs as root the function runs as an unprivileged user, so it
     * can neither signal the test's JVM nor write in its private temp folder: STATE is world-writable.)
     */
    static String handler(Path state) {
        return """
                import os, time

                STATE = %s

                def handler(event, context):
                    with open(os.path.join(STATE, "calls"), "a") as f:
                        f.write("x\\n")
                    with open(os.path.join(STATE, "calls")) as f:
                        n = len(f.readlines())
                    try:
                        with open(os.path.join(STATE, "stop-at")) as f:
                            stop_at = int(f.read())
                    except (FileNotFoundError, ValueError):
                        stop_at = 0
                    if n == stop_at:
                        open(os.path.join(STATE, "reached"), "w").close()
                        deadline = time.time() + 10
                        while not os.path.exists(os.path.join(STATE, "go")) and time.time() < deadline:
                            time.sleep(0.01)
                    return {"statusCode": 200, "body": "ok"}
                """.formatted("\"" + state + "\"");
    }

    /** Two sizes, 1 cold + 2 warm invocations each: six invocations in all, the sixth the last. */
    static final List<String> SWEEP = List.of("--memory", "128,256", "--invocations", "2", "--no-refine");

    @TempDir
    static Path work;
    /** The functions' STATE folders: beside the private temp folder, open to the user functions run as. */
    static Path states;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @BeforeAll
    static void start() throws IOException {
        states = Files.createDirectories(work.getParent().resolve(work.getFileName() + "-states"));
        Files.setPosixFilePermissions(states, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterAll
    static void stop() {
        FileTrees.deleteQuietly(states);
    }

    /** A STATE folder the function can write in whatever user it runs as. */
    static Path stateFolder(String name) throws IOException {
        Path state = Files.createDirectories(states.resolve(name));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        return state;
    }

    @AfterEach
    void noFaults() {
        cloud.local().faults().clear();
    }

    /** What the issue says must be as before: versions, aliases, memory, architecture, description. */
    static FunctionState state(String function) {
        return FunctionState.of(cloud, function);
    }

    /**
     * A moment to interrupt at: a state of the cloud seen by polling it, or the Nth invocation, which the
     * function holds until the test has interrupted (exact, so never missed).
     */
    record Point(String name, BooleanSupplier reached, int invocation) {
        static Point polled(String name, BooleanSupplier reached) {
            return new Point(name, reached, 0);
        }

        static Point invocation(String name, int n, Path state) {
            return new Point(name, () -> Files.exists(state.resolve("reached")), n);
        }
    }

    static List<Point> points(String function, int versionsBefore, Path state) {
        return List.of(
                Point.polled("first publish (configuration updated)", () -> String.valueOf(cloud.aws().lambda()
                        .getFunctionConfiguration(r -> r.functionName(function)).description()).startsWith("lamb tune: ")),
                Point.polled("first version published", () -> cloud.versions(function).size() == versionsBefore + 1),
                Point.polled("last version published", () -> cloud.versions(function).size() == versionsBefore + 2),
                Point.invocation("first invocation", 1, state),
                Point.invocation("first invocation of the second size", 4, state),
                Point.invocation("last invocation", 6, state));
    }

    @Test
    void aSweepInterruptedAtAnyPointLeavesTheFunctionAsItWas() throws Exception {
        interruptEverywhere("swept", false);
    }

    @Test
    void withConfigurationUpdatesAsSlowAsLambdasToo() throws Exception {
        interruptEverywhere("slow", true);
    }

    /**
     * Each run is lamb in this JVM, sent a real SIGINT: a signal to this process, handled by the run's own
     * handlers (a stray one is caught by {@link #strayInterrupts}, so the test JVM never dies of it).
     */
    private void interruptEverywhere(String name, boolean slowUpdates) throws Exception {
        Path state = stateFolder(name);
        Path dir = cloud.deployed(work, name, handler(state));
        FunctionState before = state(name);
        List<String> missed = new ArrayList<>();
        for (Point point : points(name, before.versions().size(), state)) {
            if (slowUpdates) {
                // what `lamb local faults add --service lambda --operation 'PUT .*/configuration$' --kind latency --millis 700` adds
                cloud.local().faults().add("lambda", "PUT .*/configuration$", "latency", null, 700L, null);
            }
            for (String mark : List.of("calls", "reached", "go")) {
                Files.deleteIfExists(state.resolve(mark));
            }
            Files.writeString(state.resolve("stop-at"), Integer.toString(point.invocation()));
            List<String> args = new ArrayList<>(List.of("tune", "--dir", dir.toString()));
            args.addAll(SWEEP);
            CompletableFuture<Lamb.Run> tune = CompletableFuture.supplyAsync(() -> cloud.lamb(args.toArray(String[]::new)));
            boolean signalled = waitThenInterrupt(tune, point.reached());
            if (point.invocation() > 0) {
                Thread.sleep(300);  // the run's signal handler, on its own thread, asks for the stop
                Files.writeString(state.resolve("go"), "");
            }
            Lamb.Run run = tune.get(60, TimeUnit.SECONDS);
            cloud.local().faults().clear();
            if (!signalled || run.exitCode() == 0) {
                missed.add(point.name());
                continue;
            }
            assertEquals(130, run.exitCode(), point.name() + ": " + run.err());
            List<String> lines = run.err().strip().lines().toList();
            String line = lines.get(lines.size() - 1);
            assertTrue(line.startsWith("lamb: interrupted during step '") && line.contains(name + " is as it was"),
                    point.name() + ": " + run.err());
            if (point.invocation() > 0) {
                assertTrue(line.contains("step 'measure'"), point.name() + ": " + line);
            }
            assertEquals(before, state(name), point.name() + " left the function changed: " + run.err());
            assertFalse(Files.exists(TuneJournal.file(dir)), point.name() + ": the journal is gone");
        }
        // A polled state can pass between two polls on a busy machine; the invocations' points are exact.
        assertTrue(missed.size() <= 1 && missed.stream().noneMatch(m -> m.contains("invocation")), "not interrupted at " + missed);
    }

    /** Polls until {@code reached}, then sends SIGINT to this process; false when the run ended first. */
    private static boolean waitThenInterrupt(CompletableFuture<Lamb.Run> tune, BooleanSupplier reached) throws Exception {
        while (!tune.isDone()) {
            if (reached.getAsBoolean()) {
                Signal.raise(new Signal("INT"));
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** A SIGINT that arrives when no run handles it (one ended just before) must not end the test JVM. */
    static SignalHandler previousInterrupt;

    @BeforeAll
    static void strayInterrupts() {
        previousInterrupt = Signal.handle(new Signal("INT"), signal -> {});
    }

    @AfterAll
    static void defaultInterrupts() {
        Signal.handle(new Signal("INT"), previousInterrupt);
    }
}
