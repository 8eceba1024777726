package dev.lamb.local.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lamb.LambException;
import dev.lamb.lambda.LambdaRuntimes;

/**
 * How each runtime family starts: the command of its runtime process and the environment only it
 * needs. Python and Node run lamb's own bootstraps; Java runs AWS's runtime interface client; provided
 * runtimes run the function's bootstrap.
 */
final class RuntimeLauncher {
    record Launch(List<String> command, Map<String, String> environment) {}

    private final Path runtimeDir;
    private final FunctionUser user;
    private final Consumer<String> notice;
    private final Map<String, String> machine;
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private Interpreters interpreters;
    private FunctionSdks sdks;
    private final PythonSdkCache compiled;
    /** Per Python runtime, the folder functions find boto3 in: the compiled one once the cache has it. */
    private final Map<String, Path> pythonSdks = new HashMap<>();
    private Path plainPythonSdk;
    private Optional<Path> javascriptSdk;
    private List<Path> javaRuntimeJars;
    private Path javaJniLibrary;

    /**
     * Unpacks lamb's bootstraps into runtimeDir (LAMBDA_RUNTIME_DIR for the processes); {@code user} gives
     * what the function's user cannot reach in place; {@code notice} hears of a runtime run on another version;
     * interpreters and SDKs are looked for as {@code machine} (lamb's environment) says.
     */
    RuntimeLauncher(Path runtimeDir, FunctionUser user, Consumer<String> notice, Map<String, String> machine) {
        this.runtimeDir = runtimeDir;
        this.machine = Map.copyOf(machine);
        this.user = user;
        this.notice = notice;
        this.compiled = PythonSdkCache.forUser(machine, notice);
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

    /** The interpreters of this machine, looked for once per engine. */
    synchronized Interpreters interpreters() {
        if (interpreters == null) {
            interpreters = Interpreters.find(machine);
        }
        return interpreters;
    }

    /** The SDKs of this machine, looked for once per engine. */
    synchronized FunctionSdks sdks() {
        if (sdks == null) {
            sdks = FunctionSdks.find(machine, interpreters());
        }
        return sdks;
    }

    Launch launch(FunctionSpec spec) {
        String runtime = spec.runtime();
        String family = LambdaRuntimes.family(runtime).orElse("");
        Path root = spec.taskRoot();
        if (family.equals("python")) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "PYTHONUNBUFFERED", "1",
                    "PYTHONDONTWRITEBYTECODE", "1",
                    "LAMBDA_RUNTIME_DIR", runtimeDir.toString()));
            Interpreter found = found(spec, "Python 3 (python3.N)");
            Path python = program(found, env);
            // The function's own packages first, then boto3, as on Lambda.
            env.put("PYTHONPATH", pythonSdk(found).map(sdk -> root + File.pathSeparator + sdk).orElse(root.toString()));
            return new Launch(List.of(python.toString(), runtimeDir.resolve("bootstrap.py").toString()), env);
        }
        if (family.equals("nodejs")) {
            Map<String, String> env = new HashMap<>(Map.of("LAMBDA_RUNTIME_DIR", runtimeDir.toString()));
            String own = root.resolve("node_modules") + File.pathSeparator + root;
            env.put("NODE_PATH", javascriptSdk().map(sdk -> own + File.pathSeparator + sdk).orElse(own));
            Path node = program(found(spec, "Node.js (node)"), env);
            return new Launch(List.of(node.toString(), runtimeDir.resolve("bootstrap.mjs").toString()), env);
        }
        if (family.equals("java")) {
            return java(spec);
        }
        if (family.equals("provided")) {
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

    /** Whether a function of this runtime can run here: an interpreter of its language is found, or it needs none. */
    boolean canRun(String runtime) {
        String family = LambdaRuntimes.family(runtime).orElse("");
        return family.equals("python") || family.equals("nodejs")
                ? interpreters().forRuntime(runtime).isPresent()
                : family.equals("java") || family.equals("provided");
    }

    /** The interpreter of the function's runtime version, else of the nearest version found, said once per function. */
    private Interpreter found(FunctionSpec spec, String language) {
        Interpreter found = interpreters().forRuntime(spec.runtime()).orElseThrow(() -> LambException.failed(
                "cannot run " + spec.runtime() + " locally: no " + language + " interpreter is on PATH or under pyenv, nvm or n"));
        if (!found.runtime().equals(spec.runtime()) && told.add(spec.name() + " " + spec.runtime())) {
            notice.accept("function " + spec.name() + ": " + spec.runtime() + " is not installed here; it runs on "
                    + found.runtime() + " (" + found.path() + ")");
        }
        return found;
    }

    /**
     * The interpreter's program as a path the function's user can run (a linked installation whose libraries then
     * come through LD_LIBRARY_PATH: pyenv's Pythons find libpython by an absolute path under /root).
     */
    private Path program(Interpreter found, Map<String, String> env) {
        Path program = found.path();
        Path bin = program.getParent();
        if (bin == null || !bin.getFileName().toString().equals("bin") || bin.getParent() == null) {
            return program;
        }
        Path prefix = bin.getParent();
        Path reached = user.reachable(prefix);
        if (reached.equals(prefix)) {
            return program;
        }
        if (Files.isDirectory(reached.resolve("lib"))) {
            env.put("LD_LIBRARY_PATH", reached.resolve("lib").toString());
        }
        return reached.resolve(prefix.relativize(program).toString());
    }

    /**
     * A folder of boto3 and its packages for this Python (links to the copy compiled for it, else to the copy
     * found), made once per engine; none when none is found.
     */
    private synchronized Optional<Path> pythonSdk(Interpreter python) {
        Optional<Sdk> boto3 = sdks().boto3();
        if (boto3.isEmpty()) {
            return Optional.empty();
        }
        Path made = pythonSdks.get(python.runtime());
        if (made != null) {
            return Optional.of(made);
        }
        Optional<Path> compiledCopy = compiled.compiled(boto3.get(), python);
        if (compiledCopy.isPresent()) {
            Path dir = sdkFolder("sdk-" + python.runtime(), compiledCopy.get());
            pythonSdks.put(python.runtime(), dir);
            return Optional.of(dir);
        }
        if (plainPythonSdk == null) {
            plainPythonSdk = sdkFolder("sdk-python", boto3.get().path());
        }
        return Optional.of(plainPythonSdk);
    }

    /** A folder of the function's user with a link to each of boto3's packages in {@code from}. */
    private Path sdkFolder(String name, Path from) {
        Path dir = user.sharedDir(name);
        for (String packageName : FunctionSdks.BOTO3_PACKAGES) {
            Path source = from.resolve(packageName);
            if (Files.exists(source)) {
                try {
                    Files.createSymbolicLink(dir.resolve(packageName), user.reachable(source));
                } catch (IOException e) {
                    throw LambException.io("could not put " + source + " on functions' path", e);
                }
            }
        }
        return dir;
    }

    /** The node_modules of the JavaScript SDK found, as the function's user reaches it. */
    private synchronized Optional<Path> javascriptSdk() {
        if (javascriptSdk == null) {
            javascriptSdk = sdks().javascript().map(sdk -> user.reachable(sdk.path()));
        }
        return javascriptSdk;
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
                List<Path> found = JavaRuntimeClasspath.jars().stream().map(user::readable).toList();
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
