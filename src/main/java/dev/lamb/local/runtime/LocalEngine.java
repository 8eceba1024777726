package dev.lamb.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.lamb.ExitCode;
import dev.lamb.FileTrees;
import dev.lamb.LambException;
import dev.lamb.lambda.FunctionCredentials;
import dev.lamb.lambda.InvocationResult;

/**
 * Runs functions locally as Lambda does: one process per execution environment, started on the first
 * invocation (the cold start) and reused while warm, as many at once as there are concurrent
 * invocations up to a limit, stopped after they sit idle, replaced after a crash or a timeout.
 */
public final class LocalEngine implements AutoCloseable {
    /** How long past an invocation's timeout an instance's credentials must last for it to take the invocation. */
    private static final long CREDENTIALS_MARGIN_SECONDS = 60;
    private static final String ON_DEMAND = "on-demand";
    private static final String PROVISIONED = "provisioned-concurrency";
    private final int maxInstancesPerFunction;
    private final Duration idleTimeout;
    private final Function<FunctionSpec, MemoryLimit> limits;
    private final Path runtimeDir;
    private final RuntimeLauncher launcher;
    private final FunctionUser user;
    private volatile FunctionsAccess access = FunctionsAccess.none();
    private final Map<FunctionSpec, Pool> pools = new HashMap<>();
    private FunctionSpec lastSpec;
    private Pool lastPool;
    private final ScheduledExecutorService reaper;
    private volatile boolean closed;
    private final Thread shutdownHook;

    /** An engine whose instances run without memory and CPU limits, however the machine could limit them. */
    public LocalEngine() {
        this(8, Duration.ofMinutes(5), spec -> MemoryLimit.none());
    }

    /**
     * An engine that gives each instance Lambda's memory limit and CPU share where the machine allows
     * cgroups; where it does not, notice hears so once and instances run unlimited.
     */
    public LocalEngine(Consumer<String> notice) {
        this(notice, 8);
    }

    /** The same, with at most maxInstancesPerFunction instances of one function configuration at once. */
    public LocalEngine(Consumer<String> notice, int maxInstancesPerFunction) {
        this(maxInstancesPerFunction, Duration.ofMinutes(5), CgroupLimits.forThisMachine(notice), notice);
    }

    LocalEngine(int maxInstancesPerFunction, Duration idleTimeout, Function<FunctionSpec, MemoryLimit> limits) {
        this(maxInstancesPerFunction, idleTimeout, limits, notice -> {});
    }

    LocalEngine(int maxInstancesPerFunction, Duration idleTimeout, Function<FunctionSpec, MemoryLimit> limits,
            Consumer<String> notice) {
        this(maxInstancesPerFunction, idleTimeout, limits, notice, System.getenv());
    }

    /** The same, finding interpreters and SDKs as the environment {@code machine} says (PATH, PYENV_ROOT, NODE_PATH...). */
    LocalEngine(int maxInstancesPerFunction, Duration idleTimeout, Function<FunctionSpec, MemoryLimit> limits,
            Consumer<String> notice, Map<String, String> machine) {
        this.maxInstancesPerFunction = maxInstancesPerFunction;
        this.idleTimeout = idleTimeout;
        this.limits = limits;
        try {
            this.runtimeDir = Files.createTempDirectory("lamb-runtime-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.user = FunctionUser.forThisMachine(runtimeDir, notice);
        this.launcher = new RuntimeLauncher(runtimeDir, user, notice, machine);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lamb-instance-reaper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, idleTimeout.toMillis() / 4);
        reaper.scheduleAtFixedRate(this::stopIdle, period, period, TimeUnit.MILLISECONDS);
        // Ctrl-C must not leave function processes, cgroups or the runtime folder behind.
        this.shutdownHook = new Thread(this::close, "lamb-engine-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Invokes the function with one event, on a warm instance when one is free. */
    public InvocationResult invoke(FunctionSpec spec, byte[] event) {
        return invoke(spec, event, InvokedAs.unqualified(spec));
    }

    /** The same, under the request id and invoked ARN the invoker gave. */
    public InvocationResult invoke(FunctionSpec spec, byte[] event, InvokedAs invokedAs) {
        return serve(spec, event, invokedAs).result();
    }

    /** The same, saying whether a provisioned instance served it: a free one always does before an on-demand one. */
    public ServedInvocation serve(FunctionSpec spec, byte[] event, InvokedAs invokedAs) {
        Pool pool = pool(spec);
        while (true) {
            Instance instance = pool.acquire(spec);
            boolean provisioned = pool.isProvisioned(instance);
            int provisionedInUse = pool.provisionedInUse();
            try {
                InvocationResult result = instance.invoke(event, invokedAs).withTaskRoot(instance.taskRoot(), spec.taskRoot());
                return new ServedInvocation(result, provisioned, provisionedInUse);
            } catch (Instance.Gone e) {
                // released below as dead; the next acquire starts a fresh instance
            } finally {
                pool.release(instance);
            }
        }
    }

    /**
     * Starts instances of the function ahead of its invocations and runs their init, as Lambda's provisioned
     * concurrency does, until {@code count} of them are ready (at most the engine's instances per function): their
     * first invocations are warm. Provisioned instances are never stopped for idling. Empty when they are all
     * ready; else why one is not (its init failed, or timed out).
     */
    public Optional<String> provision(FunctionSpec spec, int count) {
        Pool pool = pool(spec);
        int more = pool.reserveProvisioned(count);
        List<Instance> started = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        for (int i = 0; i < more && failure.isEmpty(); i++) {
            try {
                started.add(pool.start(spec, PROVISIONED));
            } catch (RuntimeException e) {
                failure = Optional.of(e.getMessage());
                // start uncounted this one; the ones not started yet are given back too
                for (int left = i + 1; left < more; left++) {
                    pool.uncount();
                }
            }
        }
        for (Instance instance : started) {
            Optional<String> init = instance.initialize();
            if (init.isPresent()) {
                failure = init;
                pool.release(instance);
            } else {
                pool.addProvisioned(instance);
            }
        }
        return failure;
    }

    /** The function's provisioned instances become ordinary ones, stopped when they idle (its config was removed). */
    public void unprovision(FunctionSpec spec) {
        Pool pool;
        synchronized (this) {
            pool = pools.get(spec);
        }
        if (pool != null) {
            pool.unprovision();
        }
    }

    private synchronized Pool pool(FunctionSpec spec) {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        // lamb serve asks with the same spec object on every request: hashing the whole record each time is skipped.
        if (spec != lastSpec) {
            lastPool = pools.computeIfAbsent(spec, s -> new Pool());
            lastSpec = spec;
        }
        return lastPool;
    }

    /**
     * Whether the engine can run functions of this Lambda runtime: a Python or Node.js one when an interpreter of
     * the language is found (another version stands in for a missing one), Java and provided ones always.
     */
    public boolean canRun(String runtime) {
        return launcher.canRun(runtime);
    }

    /** The endpoint instances started from now on get as AWS_ENDPOINT_URL (a function's own setting wins). */
    public void functionsEndpoint(String endpoint) {
        this.access = access.withEndpoint(endpoint);
    }

    /**
     * Where each instance started from now on gets its credentials: as on Lambda, an execution environment gets
     * its role's when it starts, and keeps them; it is replaced before they expire.
     */
    public void functionsCredentials(Function<FunctionSpec, Optional<FunctionCredentials>> source) {
        this.access = access.withCredentials(source);
    }

    /** Both at once: what `lamb invoke --local` and `lamb serve` give the functions they run. */
    public void functionsAccess(FunctionsAccess given) {
        this.access = given;
    }

    /** Those of the given Lambda runtime identifiers that this engine can run: what CreateFunction accepts locally. */
    public List<String> runnableRuntimes(Collection<String> runtimes) {
        return runtimes.stream().filter(this::canRun).sorted().toList();
    }

    /** The interpreters found and where the functions' SDKs come from, for `lamb local status`. */
    public RuntimeReport runtimeReport() {
        List<RuntimeReport.Runtime> runtimes = new ArrayList<>();
        launcher.interpreters().all().forEach(i -> runtimes.add(new RuntimeReport.Runtime(i.runtime(), i.path().toString())));
        runtimes.add(new RuntimeReport.Runtime("java (all java runtimes)", Path.of(System.getProperty("java.home"), "bin", "java")
                + " (Java " + System.getProperty("java.specification.version") + ")"));
        FunctionSdks sdks = launcher.sdks();
        List<RuntimeReport.SdkSource> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        sdks.boto3().ifPresentOrElse(s -> found.add(new RuntimeReport.SdkSource(s.name(), s.version(), s.path().toString())),
                () -> missing.add("boto3: none of " + FunctionSdks.OLDEST_BOTO3.get(0) + "." + FunctionSdks.OLDEST_BOTO3.get(1)
                        + " or later found" + sdks.tooOldBoto3().stream().map(s -> " (" + s.version() + " at " + s.path() + " is too old)")
                                .findFirst().orElse("") + "; 'import boto3' fails in functions: pip install boto3"));
        sdks.javascript().ifPresentOrElse(s -> found.add(new RuntimeReport.SdkSource(s.name(), s.version(), s.path().toString())),
                () -> missing.add("AWS SDK for JavaScript v3: no @aws-sdk/client-* found on NODE_PATH or in npm's global folder; "
                        + "'@aws-sdk/...' imports fail in functions: npm install -g @aws-sdk/client-<service>"));
        return new RuntimeReport(runtimes, found, missing);
    }

    /** How many instances of the function are running now. */
    public synchronized int instances(FunctionSpec spec) {
        Pool pool = pools.get(spec);
        return pool == null ? 0 : pool.size();
    }

    /** Picks the instances idle too long under the locks, and stops them outside, so invocations never wait on it. */
    private void stopIdle() {
        long cutoff = System.nanoTime() - idleTimeout.toNanos();
        List<Pool> all;
        synchronized (this) {
            all = new ArrayList<>(pools.values());
        }
        List<Instance> stale = new ArrayList<>();
        all.forEach(pool -> stale.addAll(pool.takeIdleSince(cutoff)));
        stale.forEach(Instance::close);
    }

    @Override
    public void close() {
        List<Pool> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(pools.values());
            pools.clear();
        }
        reaper.shutdownNow();
        all.forEach(Pool::close);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this close is the hook itself
        }
        FileTrees.deleteQuietly(runtimeDir);
    }

    /** The instances of one function configuration. */
    private final class Pool {
        private final Deque<Instance> idle = new ArrayDeque<>();
        private final Map<Instance, Long> idleSince = new HashMap<>();
        private final Set<Instance> all = new HashSet<>();
        private final Set<Instance> provisioned = new HashSet<>();
        private int total;

        synchronized Instance acquire(FunctionSpec spec) {
            while (true) {
                while (!idle.isEmpty()) {
                    Instance warm = idle.stream().filter(provisioned::contains).findFirst().orElseGet(idle::peek);
                    idle.remove(warm);
                    idleSince.remove(warm);
                    // An invocation must not outlive its credentials: an instance near their end makes way for a new one.
                    Instant needed = Instant.now().plusSeconds(spec.timeoutSeconds() + CREDENTIALS_MARGIN_SECONDS);
                    if (warm.alive() && !warm.credentialsExpireBefore(needed)) {
                        return warm;
                    }
                    total--;
                    all.remove(warm);
                    provisioned.remove(warm);
                    warm.close();
                }
                if (total < maxInstancesPerFunction) {
                    total++;
                    return start(spec, ON_DEMAND);
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LambException(ExitCode.INTERRUPTED, "interrupted");
                }
            }
        }

        /** A new instance, counted in {@code total} by the caller; uncounted again when it cannot start. */
        private Instance start(FunctionSpec spec, String initializationType) {
            try {
                FunctionSpec runnable = spec.withTaskRoot(user.readable(spec.taskRoot()));
                RuntimeLauncher.Launch launch = launcher.launch(runnable);
                Map<String, String> env = new HashMap<>(launch.environment());
                FunctionsAccess now = access;
                env.putAll(now.variables());
                if (now.endpoint() != null) {
                    env.put("AWS_ENDPOINT_URL", now.endpoint());
                }
                FunctionCredentials credentials = now.credentials().apply(spec).orElse(null);
                Instance started = new Instance(runnable, launch.command(), env, credentials, limits.apply(spec), user,
                        initializationType);
                synchronized (this) {
                    all.add(started);
                }
                return started;
            } catch (IOException e) {
                uncount();
                throw LambException.io("could not start the " + spec.runtime() + " runtime", e);
            } catch (RuntimeException e) {
                uncount();
                throw e;
            }
        }

        private synchronized void uncount() {
            total--;
            notifyAll();
        }

        /** Room for {@code wanted} provisioned instances in all, within the instance limit: how many more to start now. */
        synchronized int reserveProvisioned(int wanted) {
            provisioned.removeIf(i -> !i.alive());
            int more = Math.max(0, Math.min(wanted - provisioned.size(), maxInstancesPerFunction - total));
            total += more;
            return more;
        }

        /** A provisioned instance whose init is done: idle, warm, and never stopped for idling. */
        synchronized void addProvisioned(Instance instance) {
            provisioned.add(instance);
            idle.push(instance);
            idleSince.put(instance, System.nanoTime());
            notifyAll();
        }

        synchronized boolean isProvisioned(Instance instance) {
            return provisioned.contains(instance);
        }

        /** The provisioned instances not idle now: those running an invocation. */
        synchronized int provisionedInUse() {
            return (int) provisioned.stream().filter(i -> !idle.contains(i)).count();
        }

        /** The provisioned instances become ordinary ones, stopped once they idle too long. */
        synchronized void unprovision() {
            provisioned.clear();
        }

        synchronized void release(Instance instance) {
            if (instance.alive() && !closed) {
                idle.push(instance);
                idleSince.put(instance, System.nanoTime());
            } else {
                total--;
                all.remove(instance);
                provisioned.remove(instance);
                instance.close();
            }
            notifyAll();
        }

        synchronized int size() {
            return total;
        }

        synchronized List<Instance> takeIdleSince(long cutoffNanos) {
            List<Instance> taken = new ArrayList<>();
            idle.removeIf(instance -> {
                if (!provisioned.contains(instance) && idleSince.getOrDefault(instance, Long.MAX_VALUE) < cutoffNanos) {
                    idleSince.remove(instance);
                    total--;
                    all.remove(instance);
                    taken.add(instance);
                    return true;
                }
                return false;
            });
            return taken;
        }

        /** Stops every instance, busy ones too: their callers get a crash result. */
        synchronized void close() {
            all.forEach(Instance::close);
            all.clear();
            idle.clear();
        }
    }
}
