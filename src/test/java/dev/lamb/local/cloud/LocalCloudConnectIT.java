package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.testing.Ports;

/** What `--local` does before the first AWS call: use the cloud that answers, or start one detached and say so. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalCloudConnectIT {
    @TempDir
    Path data;

    @Test
    void startsADetachedCloudOnceAndSaysSoInOneLine() {
        int port = Ports.free();
        LocalCloudHome home = new LocalCloudHome(data);
        List<String> notices = new ArrayList<>();
        try {
            URI endpoint = home.connect(port, notices::add);
            assertEquals(URI.create("http://127.0.0.1:" + port), endpoint);
            assertEquals(1, notices.size(), notices.toString());
            assertTrue(notices.get(0).startsWith("started a local cloud at http://127.0.0.1:" + port), notices.get(0));
            // Issue 11, section 4: a folder other than the default needs --data-dir to be stopped.
            assertTrue(notices.get(0).contains("(data " + data.toAbsolutePath() + "); 'lamb local stop --data-dir "
                    + data.toAbsolutePath() + "' stops it"), notices.get(0));
            assertTrue(home.running().isPresent(), "'lamb local status' and 'stop' find it by its pid file");

            // lamb's own SDK clients, as a command with --local builds them, work against it.
            try (AwsClients clients = new AwsClients(AwsTarget.localCloud(endpoint))) {
                assertTrue(clients.lambda().listFunctions().functions().isEmpty());
                assertEquals("arn:aws:iam::000000000000:role/r", clients.iam().createRole(r -> r.roleName("r")
                        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn());
            }

            assertEquals(endpoint, home.connect(port, notices::add));
            assertEquals(1, notices.size(), "a running cloud is used, not started again: " + notices);
        } finally {
            home.stop();
        }
    }

    @Test
    void usesACloudRunningInATerminalWithoutStartingAnother() {
        try (LocalCloud cloud = LocalCloud.start(0, LocalCloudServices.create(data.resolve("terminal"), notice -> {}))) {
            LocalCloudHome home = new LocalCloudHome(data.resolve("other"));
            List<String> notices = new ArrayList<>();
            assertEquals(URI.create(cloud.endpoint()), home.connect(cloud.port(), notices::add));
            assertTrue(notices.isEmpty(), notices.toString());
            assertTrue(Files.notExists(data.resolve("other").resolve("local.pid")), "nothing was started");
        }
    }
}
