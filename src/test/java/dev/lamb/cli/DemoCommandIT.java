package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.Ports;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/** `lamb demo` as the README's first command runs it: a process of its own, no standard input, its own cloud. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DemoCommandIT {
    @TempDir
    Path data;

    @Test
    void theWholeFlowRunsNarratedOnTheLocalCloud() {
        RequiredTools.require("python3");
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.add("demo");
        Map<String, String> env = Map.of("LAMB_LOCAL_PORT", Integer.toString(Ports.free()), "LAMB_LOCAL_DATA", data.toString());
        try {
            Processes.Result run = Processes.run(data, env, 240, command);
            String out = run.output();
            assertEquals(0, run.exitCode(), out);
            for (String step : List.of("$ lamb init hello-demo", "$ lamb deploy --local", "\"Hello, Ada!\"   (HTTP 200)",
                    "$ lamb invoke --local", "REPORT RequestId: ", "$ lamb tune --local", "recommended",
                    "$ lamb logs --local", "$ lamb traces --local", "That was the whole flow.")) {
                assertTrue(out.contains(step), "no '" + step + "' in:\n" + out);
            }
            // Issue 11: the demo's tune sends the project's events/hello.json, which the greeting answers 200, not 400.
            assertFalse(out.contains("400 answers"), "the tune measured the greeting's error path:\n" + out);
        } finally {
            new LocalCloudHome(data).stop();
        }
    }
}
