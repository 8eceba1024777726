package dev.lamb.local.cloud;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.local.cloud.lambda.AsyncDelayScale;
import dev.lamb.ui.TerminalSafe;

/**
 * A data folder's cloud served by this process until it is stopped: `lamb local start` in a terminal, and the
 * process a detached start spawns ({@link #main}). That process gets lamb's arguments of `lamb local start` but is
 * no lamb command line: picocli would first build the local commands' model (~0.15-0.25 s of CPU), in series with
 * the parent's own, for arguments the parent wrote itself.
 */
public final class LocalCloudProcess {
    /** What a detached start passes after `local start`, each with a value. */
    private static final Set<String> OPTIONS = Set.of("--port", "--data-dir", "--max-instances", "--max-concurrency",
            "--async-delay-scale");

    private LocalCloudProcess() {}

    /**
     * Serves until the process ends: Ctrl-C or SIGTERM (from `lamb local stop`) stops it with exit 0, after the
     * services have written their state. Throws what stopped it from listening or from loading its state.
     */
    public static void serve(LocalCloudHome home, int port, InvocationLimits limits, double delayScale,
            Consumer<String> progress) throws InterruptedException {
        listen(home, port, limits, delayScale, progress).serveUntilStopped();
    }

    /**
     * A detached start that this process serves, as bin/lamb runs `lamb local start --detach`: one JVM, where a
     * start in another lamb ({@link LocalCloudHome#startDetached}) spawns the cloud as a second. The start is the
     * same: the folder's cloud if one runs, else this process once it answers health checks, failing with the
     * same line and exit code. {@code started} is told which; when it is this process, what it then prints goes to
     * the folder's log, as a spawned cloud's output does, and it serves until stopped. Otherwise this returns.
     */
    public static void serveDetached(LocalCloudHome home, int port, InvocationLimits limits, double delayScale,
            Consumer<LocalCloudHome.Started> started) throws InterruptedException {
        Listening[] here = new Listening[1];
        PrintStream[] log = new PrintStream[1];
        LocalCloudHome.Started found = home.startOnce(() -> {
            home.createLog();
            log[0] = new PrintStream(new FileOutputStream(home.logFile().toFile(), true), true, StandardCharsets.UTF_8);
            PrintWriter logWriter = new PrintWriter(log[0], true, StandardCharsets.UTF_8);
            try {
                here[0] = listen(home, port, limits, delayScale, logWriter::println);
            } catch (RuntimeException e) {
                // The lines a spawned cloud would have logged, and the error its starter would have made of them.
                throw home.stoppedWhileStarting(failed(e, logWriter));
            }
            return new LocalCloudHome.Running(ProcessHandle.current().pid(), here[0].cloud.port());
        });
        started.accept(found);
        if (!found.byThisProcess()) {
            return;
        }
        System.setOut(log[0]);
        System.setErr(log[0]);
        try {
            here[0].serveUntilStopped();
        } catch (RuntimeException e) {
            System.exit(failed(e, new PrintWriter(log[0], true, StandardCharsets.UTF_8)));
        }
    }

    /** Takes the folder and listens; {@link Listening#serveUntilStopped} loads the state and serves on. */
    private static Listening listen(LocalCloudHome home, int port, InvocationLimits limits, double delayScale,
            Consumer<String> progress) {
        // Held until this process ends: one cloud per data folder, and 'reset' waits for it to stop.
        LocalCloudHome.Lease lease = home.lease();
        var keys = LocalCloudCredentials.of(home.dataDir());
        LocalCloud cloud;
        try {
            // Requests wait while it loads its state; it answers health checks, so a detached start is done sooner.
            cloud = LocalCloud.startLoading(port, () -> LocalCloudServices.create(home.dataDir(),
                    notice -> progress.accept("lamb: " + notice), limits, delayScale), keys);
            lease.serving(cloud.port());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        keys.ifPresent(k -> LocalCloudCredentials.writeConfig(home.dataDir(), cloud.endpoint()));
        // Ctrl-C (or SIGTERM from 'lamb local stop') is how it is meant to stop: exit 0, not 130.
        Thread shutdown = new Thread(() -> {
            cloud.close();
            lease.close();
            Runtime.getRuntime().halt(ExitCode.OK.code());
        }, "lamb-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        progress.accept("local cloud at " + cloud.endpoint() + " (data " + home.dataDir() + "); Ctrl-C stops it");
        return new Listening(cloud, lease, shutdown);
    }

    /** A cloud that listens, and answers health checks while it loads its state. */
    private record Listening(LocalCloud cloud, LocalCloudHome.Lease lease, Thread shutdown) {
        void serveUntilStopped() throws InterruptedException {
            try {
                cloud.awaitLoaded();
            } catch (RuntimeException e) {
                // A state it cannot load stops it, with the error's line and exit code, as before it listened.
                Runtime.getRuntime().removeShutdownHook(shutdown);
                cloud.close();
                lease.close();
                throw e;
            }
            new CountDownLatch(1).await();
        }
    }

    /**
     * The cloud of a detached start: `local start --port P --data-dir D` and the limits, as {@link LocalCloudHome#startDetached}
     * appends them. It prints what `lamb local start` prints, and fails as lamb does: one line on stderr, its exit code.
     */
    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        try {
            Map<String, String> options = options(args);
            String dataDir = options.get("--data-dir");
            LocalCloudHome home = LocalCloudHome.of(dataDir == null ? null : Path.of(dataDir));
            String port = options.get("--port");
            InvocationLimits limits = InvocationLimits.of(integer(options, "--max-instances"),
                    integer(options, "--max-concurrency"), System.getenv());
            String scale = options.get("--async-delay-scale");
            double delayScale = AsyncDelayScale.of(scale == null ? null : Double.valueOf(scale), System.getenv());
            serve(home, port == null ? LocalCloudHome.defaultPort() : Integer.parseInt(port), limits, delayScale, line -> {
                err.println(line);
                err.flush();
            });
        } catch (Exception e) {
            System.exit(failed(e, err));
        }
    }

    private static Map<String, String> options(String[] args) {
        List<String> given = List.of(args);
        if (given.size() < 2 || !given.get(0).equals("local") || !given.get(1).equals("start") || given.size() % 2 != 0) {
            throw LambException.usage("expected 'local start' and options with values, not " + given);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < given.size(); i += 2) {
            if (!OPTIONS.contains(given.get(i))) {
                throw LambException.usage("unknown option '" + given.get(i) + "' for the local cloud");
            }
            options.put(given.get(i), given.get(i + 1));
        }
        return options;
    }

    private static Integer integer(Map<String, String> options, String name) {
        String value = options.get(name);
        return value == null ? null : Integer.valueOf(value);
    }

    /** As lamb reports a failure (its FailureHandler): one line, the stack trace's hint for a bug, the exit code. */
    private static int failed(Exception e, PrintWriter err) {
        LambException failure = e instanceof LambException lamb ? lamb
                : e instanceof InterruptedException ? new LambException(ExitCode.INTERRUPTED, "interrupted")
                : e instanceof UncheckedIOException io ? LambException.io("I/O error", io.getCause())
                : null;
        err.println("lamb: " + TerminalSafe.escape(failure != null ? failure.getMessage() : "unexpected error: " + e));
        if (!(e instanceof LambException)) {
            err.println("Run again with --verbose for the stack trace.");
        }
        err.flush();
        return failure != null ? failure.exitCode().code() : ExitCode.FAILED.code();
    }
}
