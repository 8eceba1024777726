package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Processes;

/**
 * Issue 11, section 7: after a deploy to the local cloud, `lamb invoke --local` runs the deployed code;
 * once the sources differ from it (their CodeSha256 is not the invoked version's), one line says so and
 * names both ways forward. lamb runs as its own process, as a user starts it, finding the cloud through
 * $LAMB_LOCAL_PORT.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InvokeDeployedCodeIT {
    private static final String STALE = "the local cloud ran dev (version 1), whose code is not the project's sources: "
            + "'lamb deploy --local' deploys them, or --sources runs them as they are";

    @TempDir
    Path work;

    @Test
    void editedSourcesAfterADeployAreSaidOnceWithBothWaysForward() {
        try (DeployedCloud cloud = DeployedCloud.start(work.resolve("cloud"))) {
            Path dir = DeployedCloud.init(work, "edited");
            cloud.deploy(dir);
            int port = URI.create(cloud.endpoint()).getPort();

            String fresh = invokeLocal(port, dir);
            assertTrue(fresh.contains("\"Hello, Ada!\""), fresh);
            assertFalse(fresh.contains("whose code is not"), "the deployed code is the sources' code: " + fresh);

            DeployedCloud.greetWith(dir, "Howdy");
            String stale = invokeLocal(port, dir);
            assertTrue(stale.contains("\"Hello, Ada!\""), "the deployed code answers: " + stale);
            assertEquals(1, stale.lines().filter(STALE::equals).count(), stale);

            String sources = invokeLocal(port, dir, "--sources");
            assertTrue(sources.contains("\"Howdy, Ada!\""), sources);
            assertFalse(sources.contains("whose code is not"), sources);
        }
    }

    /** `lamb invoke --local --query name=Ada`, stdout and stderr together. */
    private String invokeLocal(int port, Path dir, String... more) {
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("invoke", "--local", "--dir", dir.toString(), "--query", "name=Ada"));
        command.addAll(List.of(more));
        Processes.Result run = Processes.run(work, Map.of("LAMB_LOCAL_PORT", Integer.toString(port),
                "LAMB_LOCAL_DATA", work.resolve("cloud").toString(), "HOME", work.toString()), 120, command);
        assertEquals(0, run.exitCode(), run.output());
        return run.output();
    }
}
