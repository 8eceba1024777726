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

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.lamb.FileTrees;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.tune.TuneSteps.FunctionState;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A `lamb tune` sweep interrupted by SIGINT at every point, from the first publish to the last invocation, on a
 * class's cloud, as a JUnit extension: what TuneInterruptIT and TuneInterruptSlowIT share, apart so that CI runs
 * the two side by side. It catches stray SIGINTs while the class runs, and clears the cloud's faults after each test.
 */
final class SweepInterrupts implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
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

    private final DeployedCloud cloud;
    /** The projects' folder, private; and the functions' STATE folders beside it, open to the user functions run as. */
    private Path work;
    private Path states;
    /** A SIGINT that arrives when no run handles it (one ended just before) must not end the test JVM. */
    private SignalHandler previousInterrupt;

    /** For the class's cloud, registered after it. */
    SweepInterrupts(DeployedCloud cloud) {
        this.cloud = cloud;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        work = Files.createTempDirectory("lamb-tune-interrupts-");
        states = Files.createDirectories(work.getParent().resolve(work.getFileName() + "-states"));
        Files.setPosixFilePermissions(states, PosixFilePermissions.fromString("rwxrwxrwx"));
        previousInterrupt = Signal.handle(new Signal("INT"), signal -> {});
    }

    @Override
    public void afterEach(ExtensionContext context) {
        cloud.local().faults().clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Signal.handle(new Signal("INT"), previousInterrupt);
        FileTrees.deleteQuietly(states);
        FileTrees.deleteQuietly(work);
    }

    /** A STATE folder the function can write in whatever user it runs as. */
    private Path stateFolder(String name) throws IOException {
        Path state = Files.createDirectories(states.resolve(name));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        return state;
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

    private List<Point> points(String function, int versionsBefore, Path state) {
        return List.of(
                Point.polled("first publish (configuration updated)", () -> String.valueOf(cloud.aws().lambda()
                        .getFunctionConfiguration(r -> r.functionName(function)).description()).startsWith("lamb tune: ")),
                Point.polled("first version published", () -> cloud.versions(function).size() == versionsBefore + 1),
                Point.polled("last version published", () -> cloud.versions(function).size() == versionsBefore + 2),
                Point.invocation("first invocation", 1, state),
                Point.invocation("first invocation of the second size", 4, state),
                Point.invocation("last invocation", 6, state));
    }

    /**
     * Each run is lamb in this JVM, sent a real SIGINT: a signal to this process, handled by the run's own
     * handlers (a stray one is caught by the handler {@link #beforeAll} installs, so the test JVM never dies of it).
     */
    void interruptEverywhere(String name, boolean slowUpdates) throws Exception {
        Path state = stateFolder(name);
        Path dir = cloud.deployed(work, name, handler(state));
        FunctionState before = FunctionState.of(cloud, name);
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
            assertEquals(before, FunctionState.of(cloud, name), point.name() + " left the function changed: " + run.err());
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
}
