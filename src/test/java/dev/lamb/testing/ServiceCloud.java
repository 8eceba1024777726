package dev.lamb.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.lamb.FileTrees;
import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.runtime.LocalEngine;

/**
 * A local cloud of only the services a test class names, as a JUnit extension on a static field:
 * {@code @RegisterExtension static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(...));}.
 * Like {@link DeployedCloud}, it has a free port and a temp folder of its own, so that test classes stay
 * independent in failsafe's parallel forks; the engine is made only for services that ask for it, and
 * everything is closed after the class.
 */
public final class ServiceCloud implements BeforeAllCallback, AfterAllCallback {
    /** The services, made on the cloud's data folder; {@code engine.get()} gives them the cloud's one engine. */
    public interface Services {
        List<AwsService> create(Path data, Supplier<LocalEngine> engine);
    }

    private final Supplier<LocalEngine> newEngine;
    private final Services services;
    private Path folder;
    private LocalEngine engine;
    private LocalCloud cloud;

    private ServiceCloud(Supplier<LocalEngine> newEngine, Services services) {
        this.newEngine = newEngine;
        this.services = services;
    }

    public static ServiceCloud of(Services services) {
        return of(() -> new LocalEngine(notice -> {}), services);
    }

    /** For services that need an engine made differently, such as one with more instances per function. */
    public static ServiceCloud of(Supplier<LocalEngine> newEngine, Services services) {
        return new ServiceCloud(newEngine, services);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("lamb-service-cloud-");
        cloud = LocalCloud.start(0, services.create(folder, this::engine));
    }

    private LocalEngine engine() {
        if (engine == null) {
            engine = newEngine.get();
        }
        return engine;
    }

    /** The local cloud itself: its port and faults. */
    public LocalCloud local() {
        return cloud;
    }

    public String endpoint() {
        return cloud.endpoint();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cloud != null) {
            cloud.close();
        }
        if (engine != null) {
            engine.close();
        }
        FileTrees.deleteQuietly(folder);
    }
}
