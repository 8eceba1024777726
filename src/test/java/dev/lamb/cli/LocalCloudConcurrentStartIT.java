package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;
import dev.lamb.testing.Processes;

/**
 * Issue 12, section 4: 12 `lamb status --local` started at once, on a data folder with no cloud, leave one
 * cloud, whose pid the pid file names; `lamb local stop` stops it; `reset` refused while it ran.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalCloudConcurrentStartIT {
    @TempDir
    Path work;

    @Test
    void twelveAutoStartsLeaveOneCloudThatThePidFileNames() throws Exception {
        Path project = work.resolve("project");
        assertEquals(0, Lamb.run("init", "greeter", "--runtime", "python", "--dir", project.toString(), "--yes").exitCode());
        Path data = work.resolve("data");
        int port = Ports.free();
        Map<String, String> env = Map.of("LAMB_LOCAL_DATA", data.toString(), "LAMB_LOCAL_PORT", Integer.toString(port));
        // With bin/lamb's quick-start flags, which the cloud each one may start inherits: 12 JVMs share this machine.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.lamb.Lamb", "status", "--local"));

        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Processes.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            runs.add(pool.submit(() -> Processes.run(project, env, 150, command)));
        }
        List<String> outputs = new ArrayList<>();
        Set<Integer> exitCodes = new HashSet<>();
        for (Future<Processes.Result> run : runs) {
            outputs.add(run.get().output());
            exitCodes.add(run.get().exitCode());
        }
        pool.shutdown();
        String dir = data.toString();
        try {
            long started = outputs.stream().filter(o -> o.contains("started a local cloud at http://127.0.0.1:" + port)).count();
            assertEquals(1, started, "exactly one of them started the cloud: " + outputs);
            assertEquals(1, exitCodes.size(), "all 12 used that cloud alike: " + outputs);
            assertTrue(outputs.stream().noneMatch(o -> o.contains("while starting") || o.contains("already runs")), outputs.toString());
            String[] pidFile = Files.readString(data.resolve("local.pid")).trim().split(" ");
            long pid = Long.parseLong(pidFile[0]);
            assertEquals(Integer.toString(port), pidFile[1]);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the pid file names a live process");

            Lamb.Run status = Lamb.run("--output", "json", "local", "status", "--data-dir", dir);
            assertEquals(0, status.exitCode(), status.err());
            var json = new ObjectMapper().readTree(status.out());
            assertEquals(pid, json.get("pid").asLong(), "the cloud that answers is the one the pid file names");
            assertEquals(port, json.get("port").asInt());

            assertEquals(2, Lamb.run("local", "reset", "--data-dir", dir).exitCode(), "reset refuses while it runs");
        } finally {
            assertEquals(0, Lamb.run("local", "stop", "--data-dir", dir).exitCode());
        }
        assertFalse(LocalCloudHome.answering(port), "stop stopped it");
        assertEquals(4, Lamb.run("local", "status", "--data-dir", dir).exitCode());
    }
}
