package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Processes;
import dev.lamb.testing.TestLocalCloud;

/**
 * Issue 12, section 1: a function uploaded by anyone returned the developer's real keys, since the engine
 * copied the shell's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE and HOME. A
 * lamb started from such a shell (`lamb invoke --local`, as the probe's auto-started cloud was) now gives
 * the function none of them, and, when lamb is root, runs it as Lambda's unprivileged sandbox uid (993, or a free one)
 * with its task root readable and a private, writable /tmp (TMPDIR).
 */
class FunctionIsolationIT {
    private static final String HANDLER = """
            import json, os, tempfile
            def handler(event, context):
                fd, name = tempfile.mkstemp()
                os.write(fd, b'ok')
                os.close(fd)
                home = os.environ.get('HOME', '')
                readable = os.access(os.path.join(%s, '.aws', 'credentials'), os.R_OK)
                return {'uid': os.getuid(), 'env': dict(os.environ), 'tmp': os.path.dirname(name),
                        'tmp_mode': oct(os.stat(os.path.dirname(name)).st_mode & 0o777), 'dev_credentials_readable': readable}
            """;

    @TempDir
    Path work;

    @Test
    void aFunctionGetsNoneOfTheDevelopersCredentialsAndRunsUnprivileged() throws IOException {
        Path developerHome = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(developerHome.resolve(".aws"));
        Files.writeString(developerHome.resolve(".aws").resolve("credentials"),
                "[default]\naws_access_key_id = AKIADEVELOPERSREALKEY\naws_secret_access_key = developers-real-secret\n");
        Path project = DeployedCloud.init(work, "probe");
        Files.writeString(project.resolve("handler.py"), HANDLER.formatted("'" + developerHome + "'"));

        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("invoke", "--local", "--dir", project.toString()));
        Map<String, String> developer = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "AKIADEVELOPERSREALKEY",
                "AWS_SECRET_ACCESS_KEY", "developers-real-secret", "AWS_SESSION_TOKEN", "developers-real-token",
                "AWS_PROFILE", "production", "HOME", developerHome.toString(),
                "AWS_CONFIG_FILE", developerHome.resolve(".aws/config").toString()));
        developer.putAll(TestLocalCloud.environment());
        Processes.Result run = Processes.run(work, developer, 120, command);
        assertEquals(0, run.exitCode(), run.output());
        String out = run.output();
        JsonNode seen = new ObjectMapper().readTree(out.substring(out.indexOf('{'), out.lastIndexOf('}') + 1));

        assertFalse(out.contains("AKIADEVELOPERSREALKEY") || out.contains("developers-real"), out);
        JsonNode env = seen.get("env");
        assertFalse(env.has("AWS_PROFILE"), env.toString());
        assertNotEquals(developerHome.toString(), env.path("HOME").asText());
        assertEquals("/dev/null", env.path("AWS_CONFIG_FILE").asText());
        assertEquals("/dev/null", env.path("AWS_SHARED_CREDENTIALS_FILE").asText());
        assertEquals("us-east-1", env.path("AWS_REGION").asText());
        // Issue 14: a function never deployed to the local cloud has no role there, so it gets the cloud's test keys.
        assertEquals("test", env.path("AWS_ACCESS_KEY_ID").asText(), env.toString());

        assertEquals(env.path("TMPDIR").asText(), seen.get("tmp").asText(), "tempfile writes in the instance's own folder");
        assertEquals("0o700", seen.get("tmp_mode").asText(), "private to the instance");
        if ("root".equals(System.getProperty("user.name"))) {
            int uid = seen.get("uid").asInt();
            assertNotEquals(0, uid, "lamb is root here, and Lambda's functions are not");
            assertFalse(Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.split(":")[2].equals(Integer.toString(uid))),
                    "uid " + uid + " (Lambda's 993 unless taken) is no user of this machine, so it owns nothing here");
            assertFalse(seen.get("dev_credentials_readable").asBoolean(), "the sandbox user cannot read the developer's files");
        }
    }
}
