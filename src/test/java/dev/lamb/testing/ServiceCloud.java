package dev.lamb.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.runtime.LocalEngine;

/**
 * A local cloud of only the services a test names, as a JUnit extension:
 * {@code @RegisterExtension static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(...));}
 * for the class, or {@link #perTest} on an instance field (see {@link CloudLifecycle}). The engine is made only
 * for services that ask for it.
 */
public final class ServiceCloud extends CloudLifecycle {
    /** The services, made on the cloud's data folder; {@code engine.get()} gives them the cloud's one engine. */
    public interface Services {
        List<AwsService> create(Path data, Supplier<LocalEngine> engine);
    }

    private final Supplier<LocalEngine> newEngine;
    private final Services services;
    private LocalEngine engine;
    private LocalCloud cloud;

    private ServiceCloud(boolean perTest, Supplier<LocalEngine> newEngine, Services services) {
        super(perTest);
        this.newEngine = newEngine;
        this.services = services;
    }

    public static ServiceCloud of(Services services) {
        return of(() -> new LocalEngine(notice -> {}), services);
    }

    /** For services that need an engine made differently, such as one with more instances per function. */
    public static ServiceCloud of(Supplier<LocalEngine> newEngine, Services services) {
        return new ServiceCloud(false, newEngine, services);
    }

    /** A fresh cloud of these services for each test. */
    public static ServiceCloud perTest(Services services) {
        return new ServiceCloud(true, () -> new LocalEngine(notice -> {}), services);
    }

    @Override
    void open(Path data) {
        cloud = LocalCloud.start(0, services.create(data, this::engine));
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
    void shut() {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
