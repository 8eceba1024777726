package dev.lamb.local.cloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.FileTrees;
import dev.lamb.LambException;

/**
 * Where a local cloud keeps its state, and how a detached one is found: a pid file and a log file in
 * its data folder, so that `lamb local status`, `stop` and `reset` find it from any shell.
 */
public final class LocalCloudHome {
    /** A running detached cloud: its process and port. */
    public record Running(long pid, int port) {
        public String endpoint() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Path dataDir;

    public LocalCloudHome(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** --data-dir, else $LAMB_LOCAL_DATA, else $XDG_DATA_HOME/lamb/local, else ~/.local/share/lamb/local. */
    public static LocalCloudHome of(Path dataDir) {
        if (dataDir != null) {
            return new LocalCloudHome(dataDir);
        }
        String env = System.getenv("LAMB_LOCAL_DATA");
        if (env != null && !env.isBlank()) {
            return new LocalCloudHome(Path.of(env));
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return new LocalCloudHome(base.resolve("lamb").resolve("local"));
    }

    /** $LAMB_LOCAL_PORT, else 4588. */
    public static int defaultPort() {
        String env = System.getenv("LAMB_LOCAL_PORT");
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

    /** The detached cloud of this data folder, if one is running and answering. */
    public Optional<Running> running() {
        return recorded().filter(r -> ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false)
                && answering(r.port()));
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

    /** Starts `lamb local start` in the background, writes the pid file, and waits until it answers. */
    public Running startDetached(int port, List<String> lambCommand) {
        return startDetached(port, lambCommand, List.of());
    }

    /** The same, with more options for `lamb local start`. */
    public Running startDetached(int port, List<String> lambCommand, List<String> startOptions) {
        Optional<Running> already = running();
        if (already.isPresent()) {
            return already.get();
        }
        try {
            Files.createDirectories(dataDir);
            List<String> command = new ArrayList<>(lambCommand);
            command.addAll(List.of("local", "start", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
            command.addAll(startOptions);
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw LambException.failed("the local cloud stopped while starting: " + lastLine(logFile())
                            + " (log: " + logFile() + ")");
                }
                if (answering(port)) {
                    Files.writeString(pidFile(), process.pid() + " " + port + "\n");
                    return new Running(process.pid(), port);
                }
                Thread.sleep(10);
            }
            process.destroyForcibly();
            throw LambException.failed("the local cloud did not answer within 15 s (log: " + logFile() + ")");
        } catch (IOException e) {
            throw LambException.io("could not start the local cloud", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    /**
     * The endpoint of the local cloud on {@code port}, for `--local`: the cloud already answering there
     * (detached or in a terminal, whatever its data folder), else one started detached on this data
     * folder, which {@code notice} is told in one line.
     */
    public URI connect(int port, Consumer<String> notice) {
        if (!answering(port)) {
            try {
                Running started = startDetached(port, thisLamb());
                notice.accept("started a local cloud at " + started.endpoint() + " (data " + dataDir
                        + "); 'lamb local stop' stops it");
            } catch (LambException e) {
                // Another lamb may have started one on this port at the same moment: use it.
                if (!answering(port)) {
                    throw e;
                }
            }
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * This same lamb, as a command line that starts it again as a process of its own: the same JVM with
     * the launcher's flags (a quick-starting JIT, the start-up archive), which make a cloud ready sooner.
     */
    public static List<String> thisLamb() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (INHERITED_FLAGS.stream().anyMatch(flag::startsWith)) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.lamb.Lamb"));
        return command;
    }

    /** The flags bin/lamb starts the JVM with; not agents, dumps or debuggers a test or a user added. */
    private static final List<String> INHERITED_FLAGS = List.of("-XX:TieredStopAtLevel=", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-XX:SharedArchiveFile=", "-Xshare:auto", "-Xlog:cds", "-XX:+UnlockDiagnosticVMOptions",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:ArchiveRelocationMode=");

    /** Stops the detached cloud, if any, answering or hung; true when one was running. */
    public boolean stop() {
        // The pid may since belong to another program: only a process that is lamb is stopped.
        Optional<ProcessHandle> process = recorded().flatMap(r -> ProcessHandle.of(r.pid())).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("dev.lamb.Lamb") || c.contains("lamb.jar")).orElse(true));
        process.ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw LambException.io("could not remove " + pidFile(), e);
        }
        return process.isPresent();
    }

    /** Deletes every function, role, log and trace the cloud kept; it must be stopped first. */
    public void reset() {
        if (running().isPresent()) {
            throw LambException.usage("the local cloud is running: stop it first with 'lamb local stop'");
        }
        try {
            FileTrees.empty(dataDir);
        } catch (IOException e) {
            throw LambException.io("could not clear " + dataDir, e);
        }
    }

    /**
     * Whether a local cloud answers its health check on 127.0.0.1:{@code port}. A bare socket, not the
     * JDK's HttpClient, whose start costs ~120 ms: every `--local` command asks this first.
     */
    public static boolean answering(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(("GET " + LocalCloud.HEALTH_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return status != null && status.matches("HTTP/1\\.[01] 200 .*");
        } catch (IOException e) {
            return false;
        }
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
