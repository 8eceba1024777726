package dev.lamb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import dev.lamb.FileTrees;
import dev.lamb.local.cloud.LocalCloudHome;

/**
 * The local cloud that lamb run in-process by the tests (`invoke --local`, `serve`) starts detached, as a user's
 * lamb does: on a free port and in a folder of this test JVM's own, never the user's $HOME or port 4588 (other
 * test JVMs and other checkouts test on the same machine), and stopped when the JVM's tests end.
 */
public final class TestLocalCloud implements LauncherSessionListener {
    private Path data;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            data = Files.createTempDirectory("lamb-test-local-cloud-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(LocalCloudHome.DATA_PROPERTY, data.toString());
        System.setProperty(LocalCloudHome.PORT_PROPERTY, Integer.toString(Ports.free()));
    }

    /** For a lamb run as a process of its own by the tests: this JVM's cloud, as $LAMB_LOCAL_PORT and $LAMB_LOCAL_DATA. */
    public static Map<String, String> environment() {
        return Map.of("LAMB_LOCAL_PORT", System.getProperty(LocalCloudHome.PORT_PROPERTY),
                "LAMB_LOCAL_DATA", System.getProperty(LocalCloudHome.DATA_PROPERTY));
    }

    /** Starts this JVM's cloud now, if it does not run yet: for a test that compares the output of several runs. */
    public static void ensureRunning() {
        LocalCloudHome.of(null).connect(LocalCloudHome.defaultPort(), notice -> { });
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (data != null) {
            LocalCloudHome.of(data).stop();
            FileTrees.deleteQuietly(data);
        }
    }
}
