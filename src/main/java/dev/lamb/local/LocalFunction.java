package dev.lamb.local;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.lamb.FileTrees;
import dev.lamb.LambException;
import dev.lamb.build.PackageRequest;
import dev.lamb.build.PackageResult;
import dev.lamb.build.Packager;
import dev.lamb.config.ProjectConfig;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.runtime.FunctionSpec;

/**
 * Turns a project into what the local engine runs: the same deployment zip `lamb package` builds,
 * unpacked as Lambda unpacks it into its task root, so the code that runs here is the code that would
 * deploy. The unpacked tree is reused while the zip's CodeSha256 stays the same.
 */
public final class LocalFunction {
    private LocalFunction() {}

    /** Synchronized as well as file-locked: a JVM may not hold two locks on one file. */
    public static synchronized FunctionSpec prepare(ProjectConfig config, String region, Consumer<String> progress) {
        ProjectConfig.Function fn = config.function();
        Path lamb = config.dir().toAbsolutePath().normalize().resolve(".lamb");
        Path taskRoot;
        // One lamb at a time builds and unpacks in a project: two invokes, or an invoke beside serve.
        try (FileChannel lock = FileChannel.open(Files.createDirectories(lamb).resolve("lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            PackageResult zip = new Packager().pack(new PackageRequest(config.dir(), fn.runtime(), fn.handler(),
                    fn.architecture(), lamb.resolve(fn.name() + ".zip")), progress);
            // CodeSha256 is base64; '/' and '+' are not welcome in a folder name.
            String id = zip.codeSha256().replace('/', '_').replace('+', '-').substring(0, 16);
            taskRoot = lamb.resolve("task").resolve(id);
            if (!Files.isDirectory(taskRoot)) {
                unzip(zip.zip(), taskRoot);
            }
            Files.setLastModifiedTime(taskRoot, FileTime.from(Instant.now()));
            removeStale(taskRoot.getParent());
        } catch (IOException e) {
            throw LambException.io("could not prepare " + fn.name() + " to run locally", e);
        }
        return new FunctionSpec(fn.name(), fn.runtime(), fn.handler(), taskRoot, fn.memory(), fn.timeout(),
                fn.environment(), region,
                fn.logFormat().equals("JSON") ? FunctionSpec.LogFormat.JSON : FunctionSpec.LogFormat.TEXT);
    }

    /**
     * A log line with the task root's paths turned into the project's own: a traceback names
     * {@code handler.py} in the project, the file the user edits, not its copy under .lamb/task/. Paths of
     * files the project does not have (installed dependencies) stay as they are.
     */
    public static String inProject(String line, Path taskRoot) {
        Path task = taskRoot.toAbsolutePath().normalize();
        Path project = task.getParent().getParent().getParent();
        String prefix = task + "/";
        if (!line.contains(prefix)) {
            return line;
        }
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "([^\\s\"':,()]+)").matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Path source = project.resolve(m.group(1)).normalize();
            String replacement = source.startsWith(project) && Files.isRegularFile(source) ? source.toString() : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    /** The result with its log lines' task-root paths turned into the project's, as {@link #inProject(String, Path)}. */
    public static InvocationResult inProject(InvocationResult result, Path taskRoot) {
        return new InvocationResult(result.requestId(), result.payload(), result.functionError(),
                result.logLines().stream().map(line -> inProject(line, taskRoot)).toList(), result.report(), result.logStream());
    }

    /** Unpacks into a sibling folder first, so a half-written task root is never run. */
    private static void unzip(Path zip, Path target) throws IOException {
        Path staging = target.resolveSibling(target.getFileName() + ".partial");
        FileTrees.delete(staging);
        Files.createDirectories(staging);
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                Map.of("enablePosixFileAttributes", "true"))) {
            Path root = fs.getPath("/");
            try (Stream<Path> entries = Files.walk(root)) {
                for (Path entry : (Iterable<Path>) entries.filter(Files::isRegularFile)::iterator) {
                    Path out = staging.resolve(root.relativize(entry).toString());
                    Files.createDirectories(out.getParent());
                    Files.copy(entry, out);
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry);
                    if (mode.contains(PosixFilePermission.OWNER_EXECUTE)) {
                        Files.setPosixFilePermissions(out, mode);
                    }
                }
            }
        }
        Files.move(staging, target);
    }

    /**
     * Removes builds nobody prepared for a day. Not sooner: a `lamb serve` started earlier may still be
     * starting instances from its build while another lamb prepares a newer one.
     */
    private static void removeStale(Path tasks) throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofDays(1));
        List<Path> stale;
        try (Stream<Path> list = Files.list(tasks)) {
            stale = list.filter(p -> p.toFile().lastModified() < cutoff.toEpochMilli()).toList();
        }
        for (Path p : stale) {
            FileTrees.delete(p);
        }
    }
}
