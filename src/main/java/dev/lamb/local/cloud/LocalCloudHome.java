package dev.lamb.local.cloud;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.ExitCode;
import dev.lamb.FileTrees;
import dev.lamb.LambException;
import dev.lamb.local.runtime.RuntimeReport;

/**
 * Where a local cloud keeps its state, and how its cloud is found: a lock file that the serving cloud
 * holds for as long as it runs (so there is one cloud per data folder), a pid file that the cloud writes
 * once it listens, and a log file, so that `lamb local status`, `stop` and `reset` find it from any shell.
 */
public final class LocalCloudHome {
    /**
     * The data folder and port of --local's cloud for a JVM that runs lamb in-process (the tests), before
     * $LAMB_LOCAL_DATA and $LAMB_LOCAL_PORT: a JVM cannot change its own environment.
     */
    public static final String DATA_PROPERTY = "lamb.local.data";
    public static final String PORT_PROPERTY = "lamb.local.port";
    /** A running cloud: its process and port. */
    public record Running(long pid, int port) {
        public String endpoint() {
            return "http://127.0.0.1:" + port;
        }
    }

    /** What a start found: the cloud that serves the folder, and whether this process started it. */
    public record Started(Running running, boolean byThisProcess) {}

    /** What a running cloud reports about itself, for `lamb local status`. */
    public record Status(Path dataDir, String endpoint, int port, long pid, long uptimeSeconds, int functions, int apis,
            RuntimeReport runtimes) {}

    /** How long a starting cloud may go without progress before lamb gives up on it. */
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(15);
    /** How long a stopping cloud may take before lamb kills it. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    /** Region 0 of the lock file: held by the cloud while it serves. Region 1: held while a cloud is started. */
    private static final long SERVING = 0;
    private static final long STARTING = 1;
    private static final Map<Path, FileChannel> LOCK_CHANNELS = new HashMap<>();

    private final Path dataDir;
    private final Duration quietLimit;

    public LocalCloudHome(Path dataDir) {
        this(dataDir, QUIET_LIMIT);
    }

    LocalCloudHome(Path dataDir, Duration quietLimit) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.quietLimit = quietLimit;
    }

    /** --data-dir, else the default folder of this environment. */
    public static LocalCloudHome of(Path dataDir) {
        String forThisJvm = System.getProperty(DATA_PROPERTY);
        return new LocalCloudHome(dataDir != null ? dataDir : forThisJvm != null ? Path.of(forThisJvm) : defaultDataDir(System.getenv()));
    }

    /**
     * $LAMB_LOCAL_DATA, else $XDG_DATA_HOME/lamb/local, else $HOME/.local/share/lamb/local: the
     * environment's HOME, as the shell has it, which Java's user.home (from the password database) may not be.
     */
    static Path defaultDataDir(Map<String, String> env) {
        String data = env.get("LAMB_LOCAL_DATA");
        if (data != null && !data.isBlank()) {
            return Path.of(data).toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_DATA_HOME");
        String home = env.get("HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".local", "share");
        return base.resolve("lamb").resolve("local").toAbsolutePath().normalize();
    }

    /** $LAMB_LOCAL_PORT, else 4588. */
    public static int defaultPort() {
        String env = System.getProperty(PORT_PROPERTY, System.getenv("LAMB_LOCAL_PORT"));
        if (env == null || env.isBlank()) {
            return LocalCloud.DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            throw LambException.usage("LAMB_LOCAL_PORT=" + env + " is not a port number");
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("local.log");
    }

    private Path pidFile() {
        return dataDir.resolve("local.pid");
    }

    private Path lockFile() {
        return dataDir.resolve("local.lock");
    }

    /** The `lamb local stop` a user types for this folder: with --data-dir unless it is this environment's default. */
    public String stopCommand() {
        return dataDir.equals(defaultDataDir(System.getenv())) ? "lamb local stop" : "lamb local stop --data-dir " + dataDir;
    }

    /** The cloud of this data folder, if one is running and answering. */
    public Optional<Running> running() {
        return holder().filter(r -> answering(r.port()));
    }

    /** What the pid file says, whether or not that process still lives. */
    private Optional<Running> recorded() {
        List<String> fields;
        try {
            fields = List.of(Files.readString(pidFile()).trim().split("\\s+"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw LambException.io("could not read " + pidFile(), e);
        }
        try {
            return Optional.of(new Running(Long.parseLong(fields.get(0)), Integer.parseInt(fields.get(1))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The hold of a cloud on its data folder, from before it loads its state until it stops; it writes
     * the pid file once the cloud listens, and removes it at the end.
     */
    public final class Lease implements AutoCloseable {
        private final FileLock lock;

        private Lease(FileLock lock) {
            this.lock = lock;
        }

        /**
         * Records this process as the folder's cloud, listening on {@code port}: replaced at once, not synced, since
         * a pid outlives no crash of its process (an fsync costs 5-20 ms of a start while other processes write).
         */
        public void serving(int port) {
            try {
                DurableFiles.writeAndMove(pidFile(), (ProcessHandle.current().pid() + " " + port + "\n")
                        .getBytes(StandardCharsets.US_ASCII), false);
            } catch (IOException e) {
                throw LambException.io("could not write " + pidFile(), e);
            }
        }

        @Override
        public void close() {
            try {
                if (recorded().map(r -> r.pid() == ProcessHandle.current().pid()).orElse(false)) {
                    Files.deleteIfExists(pidFile());
                }
                lock.release();
            } catch (IOException | RuntimeException e) {
                // The lock goes with the process anyway, and a pid file left behind is stale once nobody holds it.
            }
        }
    }

    /**
     * Takes the data folder for a cloud that is about to load it and serve; exit 2 when another cloud
     * holds it. A status check holds the lock for an instant, so a held lock is tried again for a moment.
     */
    public Lease lease() {
        try {
            DurableFiles.privateDirectories(dataDir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            do {
                FileLock lock = tryLock(lockChannel(), SERVING);
                if (lock != null) {
                    return new Lease(lock);
                }
                Thread.sleep(20);
            } while (System.nanoTime() < deadline);
            String holder = recorded().map(r -> " at " + r.endpoint() + " (pid " + r.pid() + ")").orElse("");
            throw LambException.usage("a local cloud for " + dataDir + " already runs" + holder + ": use it, or stop it with '"
                    + stopCommand() + "'");
        } catch (IOException e) {
            throw LambException.io("could not lock " + lockFile(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    /** Whether a cloud holds the data folder now (running, or still loading). */
    public boolean held() {
        if (!Files.exists(lockFile())) {
            return false;
        }
        try {
            FileLock lock = tryLock(lockChannel(), SERVING);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            throw LambException.io("could not read " + lockFile(), e);
        }
    }

    /**
     * This JVM's one channel on the folder's lock file. One, kept open: on Linux, closing any channel on a
     * file drops every lock the process holds on it, so a status check must not open a second one.
     */
    private FileChannel lockChannel() throws IOException {
        synchronized (LOCK_CHANNELS) {
            FileChannel channel = LOCK_CHANNELS.get(lockFile());
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(lockFile(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        DurableFiles.privateFileAttributes());
                LOCK_CHANNELS.put(lockFile(), channel);
            }
            return channel;
        }
    }

    /** The lock on one region of the lock file, or null when someone (this JVM included) holds it. */
    private static FileLock tryLock(FileChannel channel, long region) throws IOException {
        try {
            return channel.tryLock(region, 1, false);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Starts `lamb local start` in the background, unless the folder's cloud runs already, and waits until
     * the cloud it started answers, for as long as that cloud's log shows progress. Starts are one at a
     * time per folder, so lambs started together share one cloud. {@code lambCommand} is lamb's, or
     * {@link #thisCloud()}: both take the same arguments.
     */
    public Started startDetached(int port, List<String> lambCommand) {
        return startDetached(port, lambCommand, List.of());
    }

    /** The same, with more options for `lamb local start`. */
    public Started startDetached(int port, List<String> lambCommand, List<String> startOptions) {
        return startOnce(() -> launch(port, lambCommand, startOptions));
    }

    /** How a start brings up the folder's cloud, once it knows none runs: a process it spawns, or its own. */
    @FunctionalInterface
    interface Starter {
        /** The cloud, once it answers health checks. */
        Running start() throws IOException, InterruptedException;
    }

    /**
     * The folder's cloud: the one that runs already (or holds the folder and is slow to answer), else the one
     * {@code starter} starts. Starts are one at a time per folder, so lambs started together share one cloud.
     */
    Started startOnce(Starter starter) {
        try {
            DurableFiles.privateDirectories(dataDir);
            synchronized (LocalCloudHome.class) {
                try (FileLock starting = lockChannel().lock(STARTING, 1, false)) {
                    Optional<Running> already = running();
                    if (already.isEmpty()) {
                        already = slowToAnswer();
                    }
                    if (already.isPresent()) {
                        return new Started(already.get(), false);
                    }
                    return new Started(starter.start(), true);
                }
            }
        } catch (IOException e) {
            throw LambException.io("could not start the local cloud", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    /**
     * The folder's cloud when a live process holds the folder as its pid file says, but did not answer a health check
     * in time (a busy machine: a dozen lambs starting at once): waited for as a start is, since a second cloud would
     * only fail on the folder's lock. Empty at once when nothing holds the folder.
     */
    private Optional<Running> slowToAnswer() throws InterruptedException {
        long deadline = System.nanoTime() + quietLimit.toNanos();
        for (Optional<Running> holder = holder(); holder.isPresent(); holder = holder()) {
            if (answering(holder.get().port())) {
                return holder;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(10);
        }
        return Optional.empty();
    }

    /** The recorded cloud, if its process lives and a cloud holds the folder, answering or not. */
    private Optional<Running> holder() {
        return recorded().filter(r -> ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false) && held());
    }

    private Running launch(int port, List<String> lambCommand, List<String> startOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(lambCommand);
        command.addAll(List.of("local", "start", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(startOptions);
        createLog();
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        // Progress is a line in its log or CPU time spent (starting its JVM, loading its state): a cloud
        // busy loading a big folder is waited for, one stuck is not.
        long logSize = Files.size(logFile());
        Duration cpu = Duration.ZERO;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() - lastProgress < quietLimit.toNanos()) {
            if (!process.isAlive()) {
                throw stoppedWhileStarting(process.exitValue());
            }
            Optional<Running> recorded = recorded();
            if (recorded.isPresent() && recorded.get().pid() == process.pid() && answering(recorded.get().port())) {
                return recorded.get();
            }
            long size = Files.size(logFile());
            Duration used = process.info().totalCpuDuration().orElse(Duration.ZERO);
            if (size != logSize || used.compareTo(cpu.plusMillis(100)) > 0) {
                logSize = size;
                cpu = used;
                lastProgress = System.nanoTime();
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
        throw LambException.failed("the local cloud showed no progress for " + quietLimit.toSeconds()
                + " s, so lamb stopped it (log: " + logFile() + ")");
    }

    /** The folder's log, made private if it is new; a cloud's output is appended to it. */
    void createLog() throws IOException {
        Files.newByteChannel(logFile(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                DurableFiles.privateFileAttributes()).close();
    }

    /**
     * The endpoint of the local cloud for `--local`: the data folder's cloud when it runs on {@code port};
     * else a cloud already answering on that port (one in a terminal, whatever its folder); else one
     * started detached on this data folder, which {@code notice} is told in one line. A folder's cloud on
     * another port is a usage error (exit 2): calls would otherwise go to a cloud that is not the folder's.
     */
    public URI connect(int port, Consumer<String> notice) {
        Optional<Running> own = running();
        if (own.isEmpty() && answering(port)) {
            return URI.create("http://127.0.0.1:" + port);
        }
        Started started = own.map(r -> new Started(r, false)).orElseGet(() -> startDetached(port, thisCloud()));
        Running running = started.running();
        if (running.port() != port) {
            throw LambException.usage("the local cloud of " + dataDir + " runs on port " + running.port() + ", but port " + port
                    + " was asked for: set LAMB_LOCAL_PORT=" + running.port() + ", or stop that cloud with '" + stopCommand() + "'");
        }
        if (started.byThisProcess()) {
            notice.accept("started a local cloud at " + running.endpoint() + " (data " + dataDir + "); '" + stopCommand()
                    + "' stops it");
        }
        return URI.create(running.endpoint());
    }

    /**
     * This same lamb, as a command line that starts it again as a process of its own: the same JVM with
     * the launcher's flags (a quick-starting JIT, the start-up archive), which make a cloud ready sooner.
     */
    public static List<String> thisLamb() {
        return thisJava("dev.lamb.Lamb", List.of());
    }

    /** The cloud of a detached start ({@link LocalCloudProcess}) in this same lamb's JVM: no command line to build first. */
    public static List<String> thisCloud() {
        return thisJava(LocalCloudProcess.class.getName(), CLOUD_FLAGS);
    }

    private static List<String> thisJava(String mainClass, List<String> extraFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : jvmArguments()) {
            if (INHERITED_FLAGS.stream().anyMatch(flag::startsWith)) {
                command.add(flag);
            }
        }
        command.addAll(extraFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return command;
    }

    /**
     * This JVM's own flags, those before its main class or jar, from the process's command line: the management API
     * would say the same but loads ~90 classes first, ~30-60 ms of a detached start. Where the command line cannot be
     * read, the management API's.
     */
    private static List<String> jvmArguments() {
        List<String> flags = ProcessHandle.current().info().arguments()
                .map(args -> Stream.of(args).takeWhile(a -> a.startsWith("-") && !JVM_OPERANDS.contains(a)).toList())
                .orElse(List.of());
        return flags.isEmpty() ? ManagementFactory.getRuntimeMXBean().getInputArguments() : flags;
    }

    /** Where a java command line's own flags end: the jar or class path that comes next. */
    private static final Set<String> JVM_OPERANDS = Set.of("-jar", "-cp", "-classpath", "--class-path", "-m", "--module");

    /**
     * A cloud's own flags, as bin/lamb gives a detached one: the cloud's code, the JDK's HTTP server's and Jackson's are
     * compiled after a tenth of the usual calls, so that a test suite's first few hundred requests are not mostly
     * interpreted (CreateFunction/DeleteFunction took twice their later CPU until the 800th pair), while the start,
     * whose other code keeps the usual thresholds, is no slower.
     */
    private static final List<String> CLOUD_FLAGS = List.of("-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,dev/lamb/local/*.*,0.1",
            "-XX:CompileCommand=CompileThresholdScaling,sun/net/httpserver/*.*,0.1",
            "-XX:CompileCommand=CompileThresholdScaling,com/fasterxml/jackson/*.*,0.1");

    /** The flags bin/lamb starts the JVM with; not agents, dumps or debuggers a test or a user added. */
    private static final List<String> INHERITED_FLAGS = List.of("-XX:TieredStopAtLevel=", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-XX:SharedArchiveFile=", "-Xshare:auto", "-Xlog:cds", "-XX:+UnlockDiagnosticVMOptions",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:ArchiveRelocationMode=");

    /** Stops the detached cloud, if any, answering or hung; true when one was running. */
    public boolean stop() {
        // A pid file nobody holds the folder's lock for is stale, and its pid may since be another program's.
        Optional<ProcessHandle> process = recorded().filter(r -> held()).flatMap(r -> ProcessHandle.of(r.pid()))
                .filter(ProcessHandle::isAlive);
        process.ifPresent(LocalCloudHome::terminate);
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw LambException.io("could not remove " + pidFile(), e);
        }
        return process.isPresent();
    }

    /**
     * Asks the process to stop (SIGTERM, which the cloud's shutdown hook answers), and kills it when it has not
     * ended within {@link #STOP_LIMIT}. Polled every 5 ms, not through onExit(), which looks at a process that is
     * not this JVM's child only every 300 ms and more, and never sees it end while it is a zombie.
     */
    private static void terminate(ProcessHandle process) {
        process.destroy();
        long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
        try {
            while (!ended(process)) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    return;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Whether the process has ended, including when it only waits for its parent to collect its exit status (a
     * zombie, which the JDK counts as alive): a detached cloud's parent is init, which may take seconds to (1-2 s in
     * some containers). Its locks, files and port are closed by then.
     */
    static boolean ended(ProcessHandle process) {
        return !process.isAlive() || zombie(process.pid());
    }

    /** Read from Linux's /proc; elsewhere no process counts as a zombie, and one has ended once it is gone. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int name = stat.lastIndexOf(')');
            return name > 0 && stat.startsWith(" Z", name + 1);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes every function, role, log and trace the cloud kept; refused (exit 2) while a cloud holds the
     * folder, running or still loading, and no cloud can start on it meanwhile.
     */
    public void reset() {
        Lease lease;
        try {
            lease = lease();
        } catch (LambException e) {
            if (e.exitCode() != ExitCode.USAGE) {
                throw e;
            }
            throw LambException.usage("the local cloud of " + dataDir + " is running: stop it first with '" + stopCommand() + "'");
        }
        try (lease; Stream<Path> entries = Files.list(dataDir)) {
            for (Path entry : entries.toList()) {
                if (!entry.equals(lockFile())) {
                    FileTrees.delete(entry);
                }
            }
        } catch (IOException e) {
            throw LambException.io("could not clear " + dataDir, e);
        }
    }

    /** What the folder's running cloud says about itself; empty when none runs. */
    public Optional<Status> status() {
        return running().flatMap(r -> health(r.port(), true).map(h -> new Status(dataDir, r.endpoint(), r.port(), r.pid(),
                Math.max(0, (System.currentTimeMillis() - h.path("startedAt").asLong(System.currentTimeMillis())) / 1000),
                h.path("functions").asInt(), h.path("apis").asInt(), runtimes(h.path("runtimes")))));
    }

    /** The engine's report in a status answer; none from a cloud that gives none. */
    private static RuntimeReport runtimes(JsonNode node) {
        try {
            return node.isObject() ? Json.MAPPER.treeToValue(node, RuntimeReport.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether a local cloud answers its health check on 127.0.0.1:{@code port}. A bare socket, not the
     * JDK's HttpClient, whose start costs ~120 ms: every `--local` command asks this first.
     */
    public static boolean answering(int port) {
        return healthBody(port, false).isPresent();
    }

    /**
     * The health answer of the cloud on {@code port}, when it answers 200; with {@code full}, all that
     * `lamb local status` shows, which may take the cloud a few seconds the first time (it looks for interpreters).
     */
    static Optional<JsonNode> health(int port, boolean full) {
        return healthBody(port, full).map(body -> {
            try {
                JsonNode node = Json.MAPPER.readTree(body);
                return node == null ? Json.MAPPER.createObjectNode() : node;
            } catch (IOException e) {
                return Json.MAPPER.createObjectNode();
            }
        });
    }

    /** The body of a 200 health answer, as bytes: whether a cloud answers needs no JSON, whose start costs ~20 ms. */
    private static Optional<byte[]> healthBody(int port, boolean full) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            socket.setSoTimeout(full ? 10_000 : 1000);
            String path = LocalCloud.HEALTH_PATH + (full ? "?" + LocalCloud.STATUS_QUERY : "");
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String status = headerLine(in);
            if (status == null || !status.matches("HTTP/1\\.[01] 200 .*")) {
                return Optional.empty();
            }
            int length = 0;
            for (String header = headerLine(in); header != null && !header.isEmpty(); header = headerLine(in)) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring("content-length:".length()).trim());
                }
            }
            byte[] body = new byte[Math.min(length, 64 * 1024)];
            in.readFully(body);
            return Optional.of(body);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The error of a cloud that stopped before it answered, said once: its own last line, without its
     * "lamb: ", and a usage error of its (a port in use) stays one, exit 2.
     */
    LambException stoppedWhileStarting(int exitValue) {
        String own = lastLine(logFile()).replaceFirst("^lamb: ", "");
        return exitValue == ExitCode.USAGE.code() ? LambException.usage(own)
                : LambException.failed("the local cloud stopped while starting: " + own + " (log: " + logFile() + ")");
    }

    /** Made on first use, not as the class loads: a detached start would make it before it starts its cloud. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** One line of an HTTP head, without its CRLF; null at the end of the stream. */
    private static String headerLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no log";
        }
    }
}
