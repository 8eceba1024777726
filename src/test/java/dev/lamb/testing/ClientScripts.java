package dev.lamb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a third-party client's script against the local cloud (boto3's in Boto3IT, the JS SDK's in JsSdkIT): the
 * script asserts what its client's users check, and prints "ok NAME" alone when all held.
 */
public final class ClientScripts {
    private ClientScripts() {}

    /**
     * Runs {@code command} in {@code dir} with {@code env} and asserts that it printed "ok {@code name}". No profile
     * of the developer's reaches the script: it names the endpoint and test keys itself.
     */
    public static void assertOk(String name, Path dir, Map<String, String> env, List<String> command) {
        Map<String, String> all = new HashMap<>(env);
        all.put("AWS_CONFIG_FILE", "/dev/null");
        all.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Processes.Result run = Processes.run(dir, all, 90, command);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("ok " + name, run.output().strip(), run.output());
    }
}
