package dev.lamb.local.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.local.HttpServers;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.FunctionsAccess;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.local.runtime.LocalRun;

/**
 * `lamb serve`: the project's API Gateway routes on a local HTTP port, each request invoking the
 * function on the local engine, warm instances reused and concurrent requests on concurrent
 * instances. With watch on, a change to the project's files rebuilds the package and swaps it in
 * without a restart and without dropping a request.
 */
public final class LocalApiServer implements AutoCloseable {
    /** API Gateway's integration timeout: past it the client gets 504 even if the function runs on. */
    public static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);
    /** Threads that take requests; more than the engine's instances, so requests queue for an instance, not for a thread. */
    private static final int REQUEST_THREADS = 32;

    public record Options(String host, int port, boolean watch, Duration pollInterval, Duration integrationTimeout) {
        public Options(String host, int port, boolean watch) {
            this(host, port, watch, Duration.ofMillis(500), INTEGRATION_TIMEOUT);
        }
    }

    private final HttpServer server;
    private final String region;
    private final Path dir;
    private final ServeLog log;
    private final LiveFunction function;
    private final ExecutorService requests;
    private final ExecutorService longInvocations;
    private final ScheduledExecutorService watcher;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile RouteTable routes;
    private boolean closed;

    private LocalApiServer(HttpServer server, ProjectConfig config, FunctionSpec spec, LocalRun run, Options options, ServeLog log) {
        this.server = server;
        this.region = run.region();
        this.dir = config.dir();
        this.log = log;
        this.routes = new RouteTable(config.api());
        // Each build gets an engine of its own, with Lambda's memory and CPU limits where cgroups allow.
        this.function = new LiveFunction(spec, () -> {
            LocalEngine engine = new LocalEngine(notice -> log.info("lamb: " + notice));
            engine.functionsAccess(run.access());
            return engine;
        });
        this.requests = Executors.newFixedThreadPool(REQUEST_THREADS, daemons("lamb-serve-request"));
        this.longInvocations = Executors.newCachedThreadPool(daemons("lamb-serve-invocation"));
        server.setExecutor(requests);
        server.createContext("/", new GatewayHandler(() -> routes, function, log, options.integrationTimeout(), longInvocations));
        if (options.watch()) {
            SourceWatcher sources = new SourceWatcher(config.dir());
            watcher = Executors.newSingleThreadScheduledExecutor(daemons("lamb-serve-watch"));
            long every = options.pollInterval().toMillis();
            watcher.scheduleWithFixedDelay(() -> sources.changed().ifPresent(this::reload), every, every, TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
        server.start();
    }

    /**
     * Binds the port first, so that a port in use fails before any build, then builds the package
     * (progress goes to the log) and starts answering.
     */
    public static LocalApiServer start(ProjectConfig config, String region, Options options, ServeLog log) {
        return start(config, () -> new LocalRun(region, FunctionsAccess.none()), options, log);
    }

    /**
     * The same, the function running as {@code run} says, asked once the port is bound: it may start the local
     * cloud, which a port in use should not.
     */
    public static LocalApiServer start(ProjectConfig config, Supplier<LocalRun> run, Options options, ServeLog log) {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw LambException.usage("unknown host '" + options.host() + "': give an address of this machine, such as 127.0.0.1");
        }
        HttpServer server;
        try {
            server = HttpServers.create(address, 128);
        } catch (BindException e) {
            throw LambException.usage("cannot listen on " + options.host() + ":" + options.port() + " ("
                    + e.getMessage().toLowerCase(Locale.ROOT) + "): stop what uses it, or choose another port with --port");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            LocalRun how = run.get();
            FunctionSpec spec = LocalFunction.prepare(config, how.region(), log::info);
            return new LocalApiServer(server, config, spec, how, options, log);
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** `http://127.0.0.1:3000`. */
    public String url() {
        String host = server.getAddress().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** `GET http://127.0.0.1:3000/hello` for each route, most specific first. */
    public List<String> routeUrls() {
        return routes.routes().stream().map(r -> r.method() + " " + url() + r.resource()).toList();
    }

    public String stage() {
        return routes.stage();
    }

    private void reload(Path changed) {
        long start = System.nanoTime();
        try {
            ProjectConfig config = ProjectConfigLoader.load(dir);
            FunctionSpec spec = LocalFunction.prepare(config, region, line -> { });
            boolean newRoutes = !config.api().equals(routes.api());
            boolean newCode = !spec.equals(function.spec());
            if (!newRoutes && !newCode) {
                return;
            }
            routes = new RouteTable(config.api());
            if (newCode) {
                function.swap(spec);
            }
            log.info(String.format(Locale.ROOT, "reloaded in %d ms: %s changed", (System.nanoTime() - start) / 1_000_000, changed));
            if (newRoutes) {
                routeUrls().forEach(url -> log.info("  " + url));
            }
        } catch (RuntimeException e) {
            log.error("reload failed, still serving the previous code: " + e.getMessage());
        }
    }

    /** Blocks until the server is closed. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    /** Stops taking requests, then stops the function's instances. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (watcher != null) {
            watcher.shutdownNow();
        }
        server.stop(0);
        function.close();
        // Requests still running end quickly once their instances are gone; let them write their access lines.
        requests.shutdown();
        try {
            requests.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.shutdownNow();
        longInvocations.shutdownNow();
        stopped.countDown();
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
