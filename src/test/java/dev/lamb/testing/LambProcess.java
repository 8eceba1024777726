package dev.lamb.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import dev.lamb.local.cloud.LocalCloudHome;

/**
 * lamb as a process of its own, signed with the local cloud's test keys, for what only a real process
 * shows: Ctrl-C, and kill -9. SIGINT reaches it as from a terminal (a process started in the background may inherit
 * SIGINT ignored; python puts the default back before it becomes lamb).
 */
public final class LambProcess {
    /** What the process printed (stdout and stderr, in order) and its exit code. */
    public record Result(int exitCode, List<String> lines) {
        public String last() {
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        public String all() {
            return String.join("\n", lines);
        }
    }

    private LambProcess() {}

    /** Runs lamb with {@code args}; sends SIGINT once, {@code delayMillis} after the first line {@code when} matches. */
    public static Result interruptedAfter(Predicate<String> when, long delayMillis, String... args) {
        return run("-INT", when, () -> false, delayMillis, args);
    }

    /** Runs lamb with {@code args}; kills it (SIGKILL, as kill -9) once the first line {@code when} matches. */
    public static Result killedAfter(Predicate<String> when, String... args) {
        return run("-KILL", when, () -> false, 0, args);
    }

    /**
     * Runs lamb with {@code args}; sends SIGINT once, {@code delayMillis} after {@code reached} (polled, as a
     * state of the cloud) holds: for a step that prints nothing while it runs.
     */
    public static Result interruptedWhen(BooleanSupplier reached, long delayMillis, String... args) {
        return run("-INT", line -> false, reached, delayMillis, args);
    }

    private static Result run(String signal, Predicate<String> whenLine, BooleanSupplier reached, long delayMillis, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"));
        command.addAll(LocalCloudHome.thisLamb());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        try {
            Process lamb = builder.start();
            AtomicBoolean sent = new AtomicBoolean();
            Runnable interrupt = () -> {
                if (sent.compareAndSet(false, true)) {
                    try {
                        Thread.sleep(delayMillis);
                        new ProcessBuilder("kill", signal, Long.toString(lamb.pid())).start().waitFor();
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            Thread poller = new Thread(() -> {
                while (lamb.isAlive() && !sent.get()) {
                    if (reached.getAsBoolean()) {
                        interrupt.run();
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poller.setDaemon(true);
            poller.start();
            List<String> seen = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(lamb.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    seen.add(line);
                    if (whenLine.test(line)) {
                        interrupt.run();
                    }
                }
            } finally {
                if (!lamb.waitFor(30, TimeUnit.SECONDS)) {
                    lamb.destroyForcibly();
                }
                poller.interrupt();
            }
            return new Result(lamb.exitValue(), seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
