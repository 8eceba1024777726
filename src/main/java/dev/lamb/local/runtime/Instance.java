package dev.lamb.local.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.lamb.FileTrees;
import dev.lamb.lambda.FunctionCredentials;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ReportLine;

/**
 * One execution environment: a process running the function's runtime, talking to its own Runtime API.
 * The first invocation pays the cold start; later ones reuse the process. A crash or a timeout ends it.
 */
final class Instance implements AutoCloseable {
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final long INIT_LIMIT_MS = 10_000;
    /** The keys functions get in place of their role's, the same for all: no one's real keys. */
    static final String STAND_IN_ACCESS_KEY = "ASIALAMBLOCALSTANDIN";

    private final FunctionSpec spec;
    private final RuntimeApi api;
    private final Process process;
    private final long spawnNanos;
    private final LogCollector logs;
    private final ProcessPeak peak;
    private final MemoryLimit memory;
    private final String logStream;
    private final Path privateDir;
    private final FunctionCredentials credentials;
    private final String initializationType;
    private boolean initReported;
    private volatile boolean dead;

    /** Where this instance runs the code from: the task root, or the sandbox user's copy of it. */
    Path taskRoot() {
        return spec.taskRoot();
    }

    /**
     * @param credentials        what the function's AWS calls are signed with; null: the stand-in keys
     * @param initializationType AWS_LAMBDA_INITIALIZATION_TYPE: on-demand, or provisioned-concurrency for an instance
     *                           started ahead of its invocations
     */
    Instance(FunctionSpec spec, List<String> command, Map<String, String> runtimeEnv, FunctionCredentials credentials,
            MemoryLimit memory, FunctionUser user, String initializationType) throws IOException {
        this.spec = spec;
        this.credentials = credentials;
        this.initializationType = initializationType;
        this.memory = memory;
        String id = UUID.randomUUID().toString().replace("-", "");
        try {
            this.privateDir = user.privateDir(id);
            this.api = new RuntimeApi();
        } catch (IOException | RuntimeException e) {
            memory.close();
            throw e;
        }
        this.logStream = STREAM_DATE.format(Instant.now()) + "/[" + spec.version() + "]" + id;
        Map<String, String> env = new HashMap<>(baseEnvironment(privateDir));
        env.putAll(runtimeEnv);
        env.putAll(spec.environment());
        env.putAll(lambdaEnvironment());
        if (credentials != null) {
            // Reserved on Lambda: the function's own environment cannot set them, so they come last.
            env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
            if (credentials.sessionToken() != null) {
                env.put("AWS_SESSION_TOKEN", credentials.sessionToken());
            } else {
                env.remove("AWS_SESSION_TOKEN");
            }
        }
        ProcessBuilder pb = new ProcessBuilder().directory(spec.taskRoot().toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        this.spawnNanos = System.nanoTime();
        try {
            this.process = pb.command(user.command(command, env.get("PATH"))).start();
        } catch (IOException | RuntimeException e) {
            api.close();
            memory.close();
            FileTrees.deleteQuietly(privateDir);
            throw e;
        }
        memory.attach(process.pid());
        this.logs = new LogCollector(process.getInputStream(), process.pid());
        this.peak = new ProcessPeak(process.pid());
        process.onExit().thenRun(() -> {
            logs.exited();
            peak.close();
        });
    }

    /** Whether the credentials the process started with stop working before {@code instant}. */
    boolean credentialsExpireBefore(Instant instant) {
        return credentials != null && credentials.expireBefore(instant);
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /** Runs one event to its end: a result, an error, a timeout or a crash, each as Lambda reports it. */
    InvocationResult invoke(byte[] event, InvokedAs invokedAs) {
        String requestId = invokedAs.requestId();
        long timeoutMs = spec.timeoutSeconds() * 1000L;
        boolean cold = !initReported;
        if (cold) {
            // Init runs first, within Lambda's 10 s init limit; what the runtime prints while loading
            // belongs before START, as in Lambda.
            awaitQuietly(CompletableFuture.anyOf(api.firstNext(), api.initError(), process.onExit()), INIT_LIMIT_MS);
            logs.drain();
        } else if (!process.isAlive()) {
            dead = true;
            throw new Gone();
        }
        long start = System.nanoTime();
        List<String> lines = new ArrayList<>();
        String traceId = "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24) + ";Parent="
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + ";Sampled=1";
        RuntimeApi.Pending pending = new RuntimeApi.Pending(requestId, event,
                System.currentTimeMillis() + timeoutMs, invokedAs.functionArn(), traceId, invokedAs.stream());
        logs.begin(lines);
        // Done by the Runtime API's thread the moment the runtime asks for its next event (then idle, its peak
        // final): the marker is on its way and the peak read while this thread wakes, instead of after it.
        CompletableFuture<Idle> idle = pending.runtimeIdle.thenApply(ignored -> new Idle(logs.fence(), maxMemoryUsedMb()));
        api.offer(pending);

        CompletableFuture<Object> done = CompletableFuture.anyOf(pending.outcome, api.initError(), process.onExit());
        Object outcome;
        try {
            outcome = done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            outcome = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            outcome = e.getCause();
        }
        long end = System.nanoTime();
        Double initMs = null;
        if (cold) {
            initReported = true;
            long initEnd = api.firstNext().isDone() ? api.firstNext().join() : end;
            initMs = (initEnd - spawnNanos) / 1e6;
        }
        long delivered = pending.deliveredNanos != 0 ? pending.deliveredNanos : start;
        // A timeout kills the process, and its peak in /proc goes with it: measured before the kill.
        int peakBeforeKill = 0;
        int peakAtIdle = 0;
        byte[] payload;
        String functionError;
        String status;
        String errorType = null;
        if (outcome instanceof RuntimeApi.Outcome o && o == pending.outcome.getNow(null)) {
            awaitQuietly(CompletableFuture.anyOf(idle, process.onExit()), 1000);
            Idle idleNow = idle.getNow(null);
            if (idleNow != null) {
                logs.awaitFence(idleNow.marker());
                peakAtIdle = idleNow.maxMemoryUsedMb();
            } else {
                logs.drain();
            }
            payload = o.body();
            functionError = o.errorType() == null ? null : "Unhandled";
            // The Telemetry API's word for an error the function itself reported; "error" is the platform's.
            status = o.errorType() == null ? "success" : "failure";
            errorType = o.errorType();
            end = o.receivedNanos();
        } else if (outcome instanceof RuntimeApi.Outcome initFailure) {
            logs.drain();
            payload = initFailure.body();
            functionError = "Unhandled";
            status = "error";
            errorType = initFailure.errorType();
            kill();
        } else if (outcome == null) {
            double seconds = spec.timeoutSeconds();
            peakBeforeKill = maxMemoryUsedMb();
            kill();
            logs.drain();
            String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds", seconds);
            lines.add(LOG_TIME.format(Instant.now()) + " " + requestId + " " + message);
            payload = json("Sandbox.Timedout", "RequestId: " + requestId + " Error: " + message);
            functionError = "Unhandled";
            status = "timeout";
            errorType = "Sandbox.Timedout";
            end = Math.max(System.nanoTime(), delivered + timeoutMs * 1_000_000L);
        } else {
            if (!cold && pending.deliveredNanos == 0) {
                // The instance died while idle, before this event reached it: not this invocation's fault.
                logs.end();
                dead = true;
                throw new Gone();
            }
            logs.drain();
            String reason = "Runtime exited with error: " + exitReason(process.exitValue());
            errorType = memory.killedForMemory() ? "Runtime.OutOfMemory" : "Runtime.ExitError";
            payload = json(errorType, "RequestId: " + requestId + " Error: " + reason);
            lines.add("RequestId: " + requestId + " Error: " + reason);
            lines.add(errorType);
            functionError = "Unhandled";
            status = "error";
            dead = true;
        }
        logs.end();
        double durationMs = Math.max(0, (end - delivered) / 1e6);
        ReportLine report = new ReportLine(requestId, durationMs, ReportLine.billed(durationMs, initMs), spec.memoryMb(),
                peakAtIdle > 0 ? peakAtIdle : Math.max(peakBeforeKill, maxMemoryUsedMb()), initMs, status, errorType);
        List<String> framed = new ArrayList<>();
        if (spec.logFormat() == FunctionSpec.LogFormat.JSON) {
            if (cold) {
                framed.add(PlatformRecords.initStart(spec, logStream));
            }
            framed.addAll(logs.takeInitLines());
            framed.add(PlatformRecords.start(spec, requestId));
            framed.addAll(lines);
            framed.add(report.json());
        } else {
            framed.addAll(logs.takeInitLines());
            framed.add("START RequestId: " + requestId + " Version: " + spec.version());
            framed.addAll(lines);
            framed.add("END RequestId: " + requestId);
            framed.add(report.text());
        }
        return new InvocationResult(requestId, payload, functionError, List.copyOf(framed), report, logStream);
    }

    /**
     * Runs the init phase now, before any invocation, as Lambda does for provisioned concurrency: the first
     * invocation then starts warm, with no Init Duration in its REPORT. Empty when init finished; else why not.
     */
    Optional<String> initialize() {
        awaitQuietly(CompletableFuture.anyOf(api.firstNext(), api.initError(), process.onExit()), INIT_LIMIT_MS);
        logs.drain();
        if (api.firstNext().isDone() && process.isAlive()) {
            initReported = true;
            return Optional.empty();
        }
        RuntimeApi.Outcome failed = api.initError().getNow(null);
        kill();
        if (failed != null) {
            return Optional.of("Init failed: " + (failed.errorType() == null ? "Runtime.Unknown" : failed.errorType()));
        }
        return Optional.of(process.isAlive() ? "Init timed out after " + INIT_LIMIT_MS / 1000 + " seconds"
                : "Runtime exited during init: " + exitReason(process.exitValue()));
    }

    /** Thrown when a warm instance turns out to have died while idle; the engine retries on a new one. */
    static final class Gone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Gone() {
            super("instance died while idle", null, false, false);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future, long millis) {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller looks at what did or did not happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The invocation's logs end when the runtime asks for its next event, not when it answers: runtimes
     * (AWS's Java client among them) still log an error's stack trace after posting the error. Then the drain
     * marker is sent, and the peak memory read, both from the thread that sees that request.
     */
    private record Idle(long marker, int maxMemoryUsedMb) {
    }

    /** As Lambda words it: Java reports a death by signal N as exit status 128 + N. */
    private static String exitReason(int exit) {
        String signal = switch (exit - 128) {
            case 1 -> "hangup";
            case 2 -> "interrupt";
            case 3 -> "quit";
            case 4 -> "illegal instruction";
            case 5 -> "trace/breakpoint trap";
            case 6 -> "aborted";
            case 7 -> "bus error";
            case 8 -> "floating point exception";
            case 9 -> "killed";
            case 11 -> "segmentation fault";
            case 13 -> "broken pipe";
            case 15 -> "terminated";
            default -> null;
        };
        return signal != null ? "signal: " + signal : "exit status " + exit;
    }

    private static byte[] json(String errorType, String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"errorType\":\"" + errorType + "\",\"errorMessage\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Peak resident memory of the process and its children, in MB as Lambda rounds it (up). */
    private int maxMemoryUsedMb() {
        // The cgroup only counts what was charged after the process joined it, so /proc's peak can be higher.
        long kb = Math.max(memory.peakKb().orElse(0), peak.kb());
        return (int) Math.max(1, (kb + 1023) / 1024);
    }

    /**
     * A clean environment as in Lambda, with what finds interpreters on this machine, and nothing of the
     * developer's: a function uploaded by anyone must not get their AWS keys, profile, HOME or AWS config.
     * It gets fixed stand-in keys instead, unless it is given its role's, and its own private /tmp and HOME.
     */
    private static Map<String, String> baseEnvironment(Path privateDir) {
        Map<String, String> env = new HashMap<>();
        for (String key : List.of("PATH", "PYENV_ROOT", "PYENV_VERSION", "JAVA_HOME")) {
            String value = System.getenv(key);
            if (value != null) {
                env.put(key, value);
            }
        }
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("HOME", privateDir.toString());
        env.put("TMPDIR", privateDir.toString());
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_ACCESS_KEY_ID", STAND_IN_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", "lamb-local-function-stand-in-secret");
        env.put("AWS_SESSION_TOKEN", "lamb-local-function-stand-in-token");
        return env;
    }

    private Map<String, String> lambdaEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", spec.handler());
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", spec.version());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", spec.logGroup());
        env.put("AWS_LAMBDA_LOG_FORMAT", spec.logFormat() == FunctionSpec.LogFormat.JSON ? "JSON" : "Text");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        env.put("AWS_REGION", spec.region());
        env.put("AWS_DEFAULT_REGION", spec.region());
        env.put("LAMBDA_TASK_ROOT", spec.taskRoot().toString());
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        if (!spec.runtime().startsWith("provided")) {
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtime());
        }
        return env;
    }

    private void kill() {
        dead = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        logs.exited();
        peak.close();
        api.close();
        memory.close();
        FileTrees.deleteQuietly(privateDir);
    }
}
