package dev.lamb.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.lamb.FileTrees;

/**
 * When a test's local cloud starts and stops, as a JUnit extension: once for the class when registered on a
 * static field, or for each test on an instance field. Each cloud gets a temp folder of its own (and takes a
 * free port), so that test classes stay independent when failsafe runs them in parallel forks.
 */
abstract class CloudLifecycle implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final boolean perTest;
    private Path folder;

    CloudLifecycle(boolean perTest) {
        this.perTest = perTest;
    }

    /** Starts the cloud with its data in the given folder, which exists and is empty. */
    abstract void open(Path folder);

    /** Stops the cloud, if it started. */
    abstract void shut();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!perTest) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (perTest) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            stop();
        }
    }

    private void start() throws IOException {
        folder = Files.createTempDirectory("lamb-cloud-");
        open(folder);
    }

    private void stop() {
        shut();
        FileTrees.deleteQuietly(folder);
    }
}
