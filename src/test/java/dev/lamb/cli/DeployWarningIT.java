package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/**
 * Issue 11 §10: a timeout over 29 s behind an API route is warned about, since API Gateway's REST API
 * integration timeout is 29 s ("Amazon API Gateway quotas": maximum integration timeout, 50 ms to 29 s).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeployWarningIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @Test
    void aTimeoutLongerThanApiGatewayWaitsIsWarnedAbout() throws Exception {
        Path project = DeployedCloud.init(tmp, "patient");
        Path toml = project.resolve("lamb.toml");
        Lamb.Run ok = cloud.lamb("deploy", "--dry-run", "--dir", project.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertFalse(ok.err().contains("warning"), ok.err());

        Files.writeString(toml, Files.readString(toml).replace("timeout = 10", "timeout = 60"));
        Lamb.Run run = cloud.lamb("deploy", "--dry-run", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("lamb: warning: timeout = 60 s, but API Gateway gives up on a request after 29 s (504)"),
                run.err());

        // serve answers as API Gateway does, so it says the same before it starts (here on a port in use, to stop there).
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Lamb.Run serve = Lamb.run("serve", "--dir", project.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, serve.exitCode(), serve.err());
            assertTrue(serve.err().startsWith("lamb: warning: timeout = 60 s, but API Gateway gives up"), serve.err());
        }
    }
}
