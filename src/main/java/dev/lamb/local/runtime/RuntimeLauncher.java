package dev.lamb.local.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.lamb.LambException;

/**
 * How each runtime family starts: the command of its runtime process and the environment only it
 * needs. Python and Node run lamb's own bootstraps; Java runs AWS's runtime interface client; provided
 * runtimes run the function's bootstrap.
 */
final class RuntimeLauncher {
    record Launch(List<String> command, Map<String, String> environment) {}

    /** The runtime families launch starts, by the prefix of Lambda's runtime names. */
    private static final List<String> FAMILIES = List.of("python", "nodejs", "java", "provided");

    private final Path runtimeDir;
    private final UnaryOperator<Path> readable;
    private List<Path> javaRuntimeJars;
    private Path javaJniLibrary;

    /**
     * Unpacks lamb's bootstraps into runtimeDir (LAMBDA_RUNTIME_DIR for the processes); {@code readable}
     * gives a file the function's user can read in place of one it cannot.
     */
    RuntimeLauncher(Path runtimeDir, UnaryOperator<Path> readable) {
        this.runtimeDir = runtimeDir;
        this.readable = readable;
        for (String file : List.of("bootstrap.py", "bootstrap.mjs")) {
            try (InputStream in = RuntimeLauncher.class.getResourceAsStream(file)) {
                if (in != null) {
                    Files.copy(in, runtimeDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static boolean runs(String runtime) {
        return FAMILIES.stream().anyMatch(runtime::startsWith);
    }

    Launch launch(FunctionSpec spec) {
        String runtime = spec.runtime();
        Path root = spec.taskRoot();
        if (runtime.startsWith("python")) {
            return new Launch(List.of("python3", runtimeDir.resolve("bootstrap.py").toString()), Map.of(
                    "PYTHONUNBUFFERED", "1",
                    "PYTHONDONTWRITEBYTECODE", "1",
                    "PYTHONPATH", root.toString(),
                    "LAMBDA_RUNTIME_DIR", runtimeDir.toString()));
        }
        if (runtime.startsWith("nodejs")) {
            return new Launch(List.of("node", runtimeDir.resolve("bootstrap.mjs").toString()), Map.of(
                    "NODE_PATH", root.resolve("node_modules") + ":" + root,
                    "LAMBDA_RUNTIME_DIR", runtimeDir.toString()));
        }
        if (runtime.startsWith("java")) {
            return java(spec);
        }
        if (runtime.startsWith("provided")) {
            Path bootstrap = root.resolve("bootstrap");
            if (!Files.isExecutable(bootstrap)) {
                throw LambException.usage("runtime " + runtime + " needs an executable named bootstrap in the "
                        + "package; there is none in " + root);
            }
            return new Launch(List.of(bootstrap.toString()), Map.of("LAMBDA_RUNTIME_DIR", runtimeDir.toString()));
        }
        throw LambException.failed("running " + runtime + " locally is not supported yet: lamb runs python, nodejs, "
                + "java and provided runtimes");
    }

    /**
     * The JVM command line of Lambda's java17/java21 runtimes (as their bootstrap starts it), less what is
     * Lambda's own (its CDS archive, a log4j hot-patch agent): heap at 85% of the memory size, the serial
     * GC, C1 only, AWS's runtime interface client as the main class with the handler as its argument.
     * Its class path holds the client's jars only; the client loads the function from its working
     * folder, the task root (classes at the root, jars in lib/), as on Lambda. User flags come in
     * through JAVA_TOOL_OPTIONS, as on Lambda.
     *
     * The JVM is the one lamb runs on (17 or newer), whatever the runtime says: Lambda's java21 runs on
     * Java 21, so code compiled for release 21 needs lamb itself on a JDK 21 to run locally.
     */
    private Launch java(FunctionSpec spec) {
        List<Path> jars;
        Path jni;
        synchronized (this) {
            if (javaRuntimeJars == null) {
                List<Path> found = JavaRuntimeClasspath.jars().stream().map(readable).toList();
                javaJniLibrary = JavaRuntimeClasspath.unpackJni(JavaRuntimeClasspath.ricJar(found), runtimeDir.resolve("jni"));
                javaRuntimeJars = found;
            }
            jars = javaRuntimeJars;
            jni = javaJniLibrary;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw LambException.failed("cannot run " + spec.runtime() + " locally: " + java + " is missing");
        }
        long heapKb = (spec.memoryMb() * 1024L * 85 + 99) / 100;
        List<String> command = List.of(
                java.toString(),
                "-XX:MaxHeapSize=" + heapKb + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-XX:+ErrorFileToStderr",
                "-D" + JavaRuntimeClasspath.JNI_PROPERTY + "=" + jni,
                "-classpath",
                jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                JavaRuntimeClasspath.MAIN_CLASS,
                spec.handler());
        // AWS_LAMBDA_LOG_FORMAT, which the client reads, comes from Instance as for every runtime.
        return new Launch(command, Map.of("LAMBDA_RUNTIME_DIR", runtimeDir.toString()));
    }
}
