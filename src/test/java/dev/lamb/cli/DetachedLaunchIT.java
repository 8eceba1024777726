package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;

/**
 * Issue 18, goal 2: bin/lamb runs `lamb local start --detach` as one JVM that becomes the cloud (DetachedLaunch), with
 * what a start in another lamb spawning its cloud prints and exits with (LocalCommandIT): the line, the exit code, the
 * terminal let go of while the cloud serves on, the folder's cloud found again. Through the checkout's launcher on
 * target/lamb.jar, which failsafe runs after package.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DetachedLaunchIT {
    private static final Path LAUNCHER = Path.of("bin", "lamb").toAbsolutePath();

    @TempDir
    Path work;

    record Run(int exitCode, String out, String err) {}

    @Test
    void aDetachedStartIsTheCloudItselfAndLetsGoOfItsOutput() throws Exception {
        int port = Ports.free();
        String dir = work.resolve("data").toString();
        // Read to the end of stdout and stderr, as `$(lamb local start --detach)` does: they end while the cloud serves.
        Run start = launch("local", "start", "--detach", "--port", Integer.toString(port), "--data-dir", dir);
        try {
            assertEquals(0, start.exitCode(), start.err());
            String[] pidFile = Files.readString(Path.of(dir, "local.pid")).trim().split(" ");
            long pid = Long.parseLong(pidFile[0]);
            assertEquals("local cloud running at http://127.0.0.1:" + port + " (pid " + pid + ", data " + dir + ")\n", start.out());
            assertEquals("", start.err());
            assertTrue(LocalCloudHome.answering(port), "the cloud serves on after the start exited");
            String cloud = ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
            assertTrue(cloud.contains("-Dlamb.launcher=detach") && cloud.contains(" local start --detach "),
                    "the JVM the launcher started is the cloud, no second one: " + cloud);
            assertEquals("local cloud at http://127.0.0.1:" + port + " (data " + dir + "); Ctrl-C stops it\n",
                    Files.readString(Path.of(dir, "local.log")), "what a spawned cloud logs");

            Run again = launch("local", "start", "--detach", "--port", Integer.toString(port), "--data-dir", dir);
            assertEquals(new Run(0, "local cloud already running at http://127.0.0.1:" + port + " (pid " + pid + ", data " + dir
                    + ")\n", ""), again);
            Run json = launch("--output", "json", "local", "start", "--detach", "--data-dir", dir);
            assertEquals(new Run(0, "{\"pid\":" + pid + ",\"port\":" + port + "}\n", ""), json);
            int other = Ports.free();
            Run otherPort = launch("local", "start", "--detach", "--port", Integer.toString(other), "--data-dir", dir);
            assertEquals(new Run(2, "", "lamb: the local cloud of " + dir + " already runs on port " + port + ", not " + other
                    + ": use that port, or stop it first with 'lamb local stop --data-dir " + dir + "'\n"), otherPort);
        } finally {
            assertEquals(0, Lamb.run("local", "stop", "--data-dir", dir).exitCode());
        }
        assertFalse(LocalCloudHome.answering(port));
    }

    /**
     * The cloud keeps none of its caller's descriptors past stderr, as a spawned one did: a caller's pipe on fd 3 (bats
     * reads one, make's jobserver passes some) ends when the start does, not when the cloud stops. Through bash, since
     * ProcessBuilder would close the descriptor itself.
     */
    @Test
    void theCloudLetsGoOfTheCallersOtherDescriptors() throws Exception {
        int port = Ports.free();
        String dir = work.resolve("fds").toString();
        Process caller = new ProcessBuilder("bash", "-c", "{ \"$0\" local start --detach --port $1 --data-dir \"$2\" 3>&1 >/dev/null 2>&1; } | cat",
                LAUNCHER.toString(), Integer.toString(port), dir).redirectErrorStream(true).start();
        try {
            boolean ended = caller.waitFor(60, TimeUnit.SECONDS);
            assertTrue(ended && LocalCloudHome.answering(port), "the pipe on fd 3 ended while the cloud serves on");
        } finally {
            caller.destroyForcibly();
            assertEquals(0, Lamb.run("local", "stop", "--data-dir", dir).exitCode());
        }
    }

    /** Starts are one at a time per folder through the launcher too: lambs started together share one cloud. */
    @Test
    void startsTogetherShareOneCloud() throws Exception {
        int port = Ports.free();
        String dir = work.resolve("together").toString();
        List<CompletableFuture<Run>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> launch("local", "start", "--detach", "--port", Integer.toString(port),
                    "--data-dir", dir)));
        }
        try {
            List<Run> runs = starts.stream().map(CompletableFuture::join).toList();
            long pid = Long.parseLong(Files.readString(Path.of(dir, "local.pid")).trim().split(" ")[0]);
            String running = "running at http://127.0.0.1:" + port + " (pid " + pid + ", data " + dir + ")\n";
            assertEquals(1, runs.stream().filter(r -> r.equals(new Run(0, "local cloud " + running, ""))).count(), runs.toString());
            assertEquals(2, runs.stream().filter(r -> r.equals(new Run(0, "local cloud already " + running, ""))).count(),
                    runs.toString());
        } finally {
            assertEquals(0, Lamb.run("local", "stop", "--data-dir", dir).exitCode());
        }
    }

    /** Issue 11 §10 through the launcher: a port in use is one line and exit 2, and nothing serves the folder. */
    @Test
    void aBusyPortIsOneLineAndExit2() throws IOException {
        String dir = work.resolve("busy").toString();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = launch("local", "start", "--detach", "--port", Integer.toString(taken.getLocalPort()), "--data-dir", dir);
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("", run.out());
            assertEquals("lamb: port " + taken.getLocalPort() + " on 127.0.0.1 is in use: is a local cloud already running "
                    + "('lamb local status')? Or choose another with --port\n", run.err());
        }
        assertEquals(4, Lamb.run("local", "status", "--data-dir", dir).exitCode());
    }

    /** Lines with --detach that are no detached start run as any command: help, usage errors, their exit codes. */
    @Test
    void otherLinesWithDetachRunAsUsual() {
        Run help = launch("local", "start", "--detach", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: lamb local start "), help.out());
        Run extra = launch("local", "start", "--detach", "extra");
        assertEquals(new Run(2, "", "lamb: unexpected argument 'extra'\nSee 'lamb local start --help'.\n"), extra);
        Run limits = launch("local", "start", "--detach", "--max-instances", "0", "--data-dir", work.resolve("limits").toString());
        assertEquals(2, limits.exitCode(), limits.err());
        assertTrue(limits.err().startsWith("lamb: the local cloud's instance limits must be at least 1"), limits.err());
    }

    private Run launch(String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().removeAll(List.of("LAMB_JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS"));
            Process process = builder.start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(process.waitFor(), out, new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
