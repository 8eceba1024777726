package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.testing.Ports;
import dev.lamb.testing.Processes;

/**
 * Issue 11, section 4 and issue 12, section 4: the data folder follows the environment, a cloud of the
 * folder on another port is named rather than silently used, and a start is waited for while it progresses.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalCloudHomeIT {
    @TempDir
    Path data;

    @Test
    void theDefaultFolderFollowsTheEnvironmentsHomeNotJavasUserHome() {
        // The order: $LAMB_LOCAL_DATA, else $XDG_DATA_HOME/lamb/local, else $HOME/.local/share/lamb/local.
        assertEquals(Path.of("/srv/lamb-data"), LocalCloudHome.defaultDataDir(Map.of("LAMB_LOCAL_DATA", "/srv/lamb-data",
                "XDG_DATA_HOME", "/xdg", "HOME", "/home/ada")));
        assertEquals(Path.of("/xdg/lamb/local"), LocalCloudHome.defaultDataDir(Map.of("XDG_DATA_HOME", "/xdg", "HOME", "/home/ada")));
        Path home = data.resolve("another-home");
        assertFalse(home.toString().equals(System.getProperty("user.home")));
        assertEquals(home.resolve(".local/share/lamb/local"), LocalCloudHome.defaultDataDir(Map.of("HOME", home.toString())));
    }

    @Test
    void lambLocalStatusLooksInTheShellsHome() {
        Path home = data.resolve("shell-home");
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("local", "status"));
        Processes.Result run = Processes.run(data, Map.of("HOME", home.toString(), "XDG_DATA_HOME", "", "LAMB_LOCAL_DATA", ""),
                60, command);
        assertEquals(4, run.exitCode(), run.output());
        assertTrue(run.output().contains("no local cloud is running for " + home.resolve(".local/share/lamb/local")),
                run.output());
    }

    @Test
    void aFoldersCloudOnAnotherPortIsOneLineAndExit2() {
        int running = Ports.free();
        int asked = Ports.free();
        LocalCloudHome home = new LocalCloudHome(data);
        try {
            assertTrue(home.startDetached(running, LocalCloudHome.thisLamb()).byThisProcess());
            List<String> notices = new ArrayList<>();
            LambException e = assertThrows(LambException.class, () -> home.connect(asked, notices::add));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains(Integer.toString(running))
                    && e.getMessage().contains(Integer.toString(asked)) && e.getMessage().contains("LAMB_LOCAL_PORT=" + running),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
            assertTrue(notices.isEmpty(), "nothing was started, so nothing says so: " + notices);
            assertFalse(LocalCloudHome.answering(asked));
        } finally {
            home.stop();
        }
    }

    @Test
    void aStartIsWaitedForWhileItShowsProgressAndGivenUpWhenSilent() throws Exception {
        int port = Ports.free();
        // A lamb that takes 3 s to come up, saying so twice a second; lamb waits no more than 2 s in silence.
        List<String> slow = new ArrayList<>(List.of("bash", "-c",
                "for i in 1 2 3 4 5 6; do echo \"loading $i\"; sleep 0.5; done; exec \"$@\"", "slow-lamb"));
        slow.addAll(LocalCloudHome.thisLamb());
        LocalCloudHome home = new LocalCloudHome(data, Duration.ofSeconds(2));
        try {
            LocalCloudHome.Started started;
            try {
                started = home.startDetached(port, slow);
            } catch (LambException e) {
                throw new AssertionError(Files.readString(home.logFile()), e);
            }
            assertEquals(port, started.running().port());
            assertTrue(Files.readString(home.logFile()).contains("loading 6"));
        } finally {
            home.stop();
        }

        LocalCloudHome silent = new LocalCloudHome(data.resolve("silent"), Duration.ofSeconds(2));
        LambException e = assertThrows(LambException.class,
                () -> silent.startDetached(Ports.free(), List.of("bash", "-c", "sleep 30", "silent-lamb")));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("no progress for 2 s"), e.getMessage());
    }

    /**
     * `lamb local stop` returns once the cloud has ended, without waiting for init to collect it, which takes 1-2 s
     * in some containers: a process that has exited but was not yet collected (a zombie) counts as ended.
     */
    @Test
    void aProcessThatExitedButWasNotCollectedHasEnded() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "zombies are read from Linux's /proc");
        // sh starts a child that exits in half a second, and becomes by then a sleep, which never collects it.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.5 & echo $!; exec sleep 60").start();
        try {
            long pid = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine().trim());
            ProcessHandle exited = ProcessHandle.of(pid).orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.readString(Path.of("/proc", Long.toString(pid), "stat")).matches("(?s).*\\) Z .*")) {
                assertTrue(System.nanoTime() < deadline, "the child did not exit");
                Thread.sleep(5);
            }
            assertTrue(exited.isAlive(), "the JDK counts a zombie as alive");
            assertTrue(LocalCloudHome.ended(exited));
            assertFalse(LocalCloudHome.ended(parent.toHandle()), "a running process has not ended");
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }
}
