package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloudCredentials;
import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;
import dev.lamb.testing.Processes;

/**
 * Issue 12: `lamb local start --auth` makes keys and a lamb-local profile in the data folder, and lamb's own
 * `--local` signs with them (a lamb in another process, as a user runs it from another shell).
 */
class LocalAuthCommandIT {
    @TempDir
    Path data;

    @TempDir
    Path work;

    @Test
    void lambsOwnLocalCommandsUseTheKeysOfACloudStartedWithAuth() throws IOException {
        int port = Ports.free();
        Path project = DeployedCloud.init(work, "hello");
        Lamb.Run start = Lamb.run("local", "start", "--auth", "--detach", "--port", Integer.toString(port),
                "--data-dir", data.toString());
        try {
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.err().contains("AWS_PROFILE=lamb-local"), start.err());
            assertTrue(Files.readString(LocalCloudCredentials.configFile(data)).contains("endpoint_url = http://127.0.0.1:" + port));

            Processes.Result status = status(project, port);
            assertEquals(4, status.exitCode(), "signed with the keys, the cloud answered: " + status.output());
            assertTrue(status.output().contains("hello is not deployed"), status.output());

            // Anyone else's keys, here the ones lamb used before, are refused: exit 3.
            Files.writeString(LocalCloudCredentials.credentialsFile(data), "[lamb-local]\naws_access_key_id = test\n"
                    + "aws_secret_access_key = test\n");
            Processes.Result refused = status(project, port);
            assertEquals(3, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("security token included in the request is invalid"), refused.output());
        } finally {
            Lamb.run("local", "stop", "--data-dir", data.toString());
        }
    }

    @Test
    void authIsNotSwitchedOnUnderACloudAlreadyRunningWithoutIt() {
        String port = Integer.toString(Ports.free());
        Lamb.Run open = Lamb.run("local", "start", "--detach", "--port", port, "--data-dir", data.toString());
        try {
            assertEquals(0, open.exitCode(), open.err());
            Lamb.Run auth = Lamb.run("local", "start", "--auth", "--detach", "--port", port, "--data-dir", data.toString());
            assertEquals(2, auth.exitCode(), auth.err());
            assertTrue(auth.err().contains("without --auth: stop it with 'lamb local stop'"), auth.err());
            assertTrue(Files.notExists(LocalCloudCredentials.credentialsFile(data)), "no keys that nothing verifies");
        } finally {
            Lamb.run("local", "stop", "--data-dir", data.toString());
        }
    }

    private Processes.Result status(Path project, int port) {
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("status", "--local", "--dir", project.toString()));
        return Processes.run(work, Map.of("LAMB_LOCAL_DATA", data.toString(), "LAMB_LOCAL_PORT", Integer.toString(port)), 60,
                command);
    }
}
