package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/**
 * java* runtimes run for real: the Java template built with Maven and unpacked as Lambda unpacks its
 * zip, and small fixture handlers, each in a JVM running AWS's runtime interface client.
 */
class JavaRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static LocalEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new LocalEngine(2, Duration.ofMinutes(5), spec -> MemoryLimit.none());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theJavaTemplateRunsColdThenWarm() throws IOException {
        Path mvn = RequiredTools.require("mvn");
        Path project = work.resolve("greeter");
        copyTemplate(Path.of("templates/java"), project);
        Files.createDirectories(project.resolve("events"));
        Files.copy(Path.of("templates/common/events/hello.json"), project.resolve("events/hello.json"));
        Processes.Result build = Processes.run(project, Map.of(), 600,
                List.of(mvn.toString(), "-B", "-q", "-DskipTests", "package"));
        assertEquals(0, build.exitCode(), build.output());
        Path taskRoot = unzip(project.resolve("target/function.jar"), work.resolve("greeter-task"));
        assertTrue(Files.isRegularFile(taskRoot.resolve("example/Handler.class")));

        FunctionSpec spec = new FunctionSpec("greeter", "java21", "example.Handler::handleRequest", taskRoot, 512, 30,
                Map.of(), "us-east-1", FunctionSpec.LogFormat.TEXT);
        byte[] event = Files.readAllBytes(project.resolve("events/hello.json"));

        long coldStart = System.nanoTime();
        InvocationResult cold = engine.invoke(spec, event);
        double coldWallMs = (System.nanoTime() - coldStart) / 1e6;
        assertGreets(cold);
        assertNotNull(cold.report().initDurationMs(), cold.logText());

        long warmStart = System.nanoTime();
        InvocationResult warm = engine.invoke(spec, event);
        double warmWallMs = (System.nanoTime() - warmStart) / 1e6;
        assertGreets(warm);
        assertNull(warm.report().initDurationMs(), "the second invocation reuses the instance");
        assertEquals(1, engine.instances(spec));
        assertTrue(warmWallMs < coldWallMs, "warm " + warmWallMs + " ms, cold " + coldWallMs + " ms");
        assertTrue(warm.report().durationMs() < 2_000, warm.report().text());

        StringBuilder later = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            InvocationResult r = engine.invoke(spec, event);
            later.append(String.format(" %.1f/%.2f", (System.nanoTime() - t) / 1e6, r.report().durationMs()));
        }
        System.out.printf("java template: cold %.0f ms wall (Init Duration %.2f ms, Duration %.2f ms), warm %.1f ms wall "
                + "(Duration %.2f ms), then wall/Duration ms:%s; Max Memory Used %d MB%n", coldWallMs,
                cold.report().initDurationMs(), cold.report().durationMs(), warmWallMs, warm.report().durationMs(), later,
                warm.report().maxMemoryUsedMb());
        System.out.println(cold.logText() + warm.logText());
    }

    @Test
    void anExceptionIsAnUnhandledErrorAsTheClientFormatsIt() throws IOException {
        Path taskRoot = compiledFixture();
        FunctionSpec spec = new FunctionSpec("thrower", "java21", "example.Fixture::fail", taskRoot, 256, 30,
                Map.of(), "us-east-1", FunctionSpec.LogFormat.TEXT);

        InvocationResult result = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));

        assertEquals("Unhandled", result.functionError(), result.logText());
        JsonNode error = JSON.readTree(result.payload());
        assertEquals("the fixture failed on purpose", error.path("errorMessage").asText(), result.payloadText());
        assertEquals("java.lang.IllegalStateException", error.path("errorType").asText(), result.payloadText());
        assertTrue(error.path("stackTrace").isArray() && error.path("stackTrace").size() > 0, result.payloadText());
        assertTrue(error.path("stackTrace").get(0).asText().startsWith("example.Fixture.fail"), result.payloadText());

        InvocationResult again = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("Unhandled", again.functionError());
        assertNull(again.report().initDurationMs(), "a handled exception keeps the JVM warm");
        // The client also logs the error with its stack trace, as on Lambda. It does so after posting the
        // error, so the line may land after the first END (Lambda keeps it in the invocation, which ends
        // only when the runtime asks for the next event).
        String logs = result.logText() + again.logText();
        assertTrue(logs.contains("the fixture failed on purpose"), logs);
    }

    /** Issue 14: getInvokedFunctionArn() carries the alias the invoker used; getAwsRequestId() is the invocation's. */
    @Test
    void theContextCarriesTheInvokersQualifierAndRequestId() throws IOException {
        Path taskRoot = compiledFixture();
        FunctionSpec spec = new FunctionSpec("aliased", "java21", "example.Fixture::invokedAs", taskRoot, 256, 30,
                Map.of(), "us-east-1", FunctionSpec.LogFormat.TEXT);

        InvocationResult result = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8), InvokedAs.qualified(spec, "live"));

        assertEquals("\"arn:aws:lambda:us-east-1:000000000000:function:aliased:live " + result.requestId() + "\"",
                result.payloadText(), result.logText());
    }

    @Test
    void everyOutputChannelReachesTheInvocationLog() throws IOException {
        Path taskRoot = compiledFixture();
        FunctionSpec spec = new FunctionSpec("logger", "java21", "example.Fixture::log", taskRoot, 256, 30,
                Map.of(), "us-east-1", FunctionSpec.LogFormat.TEXT);

        InvocationResult result = engine.invoke(spec, "{}".getBytes(StandardCharsets.UTF_8));

        assertFalse(result.failed(), result.payloadText());
        assertEquals("\"logged\"", result.payloadText());
        List<String> lines = result.logLines();
        assertTrue(lines.contains("printed to stdout"), lines.toString());
        assertTrue(lines.contains("printed to stderr"), lines.toString());
        // Locally the client's logger writes to stdout with no line break of its own (on Lambda each
        // call is one framed CloudWatch event), so calls without "\n" run together on one line.
        assertTrue(lines.contains("logger onelogger twologger three"), lines.toString());
        System.out.println(result.logText());
    }

    @Test
    void theLaunchIsLambdasJvmCommandLine(@TempDir Path runtimeDir, @TempDir Path taskRoot) {
        RuntimeLauncher launcher = new RuntimeLauncher(runtimeDir, FunctionUser.lambsOwn(runtimeDir, n -> {}), n -> {}, System.getenv());
        FunctionSpec spec = new FunctionSpec("f", "java21", "example.Handler::handleRequest", taskRoot, 512, 3,
                Map.of(), "us-east-1", FunctionSpec.LogFormat.JSON);

        RuntimeLauncher.Launch launch = launcher.launch(spec);

        List<String> command = launch.command();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.get(0));
        assertTrue(command.contains("-XX:MaxHeapSize=445645k"), "85% of 512 MB, as Lambda sets it: " + command);
        assertTrue(command.containsAll(List.of("-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")),
                command.toString());
        assertEquals(List.of(JavaRuntimeClasspath.MAIN_CLASS, "example.Handler::handleRequest"),
                command.subList(command.size() - 2, command.size()));
        String classpath = command.get(command.indexOf("-classpath") + 1);
        List<String> names = Stream.of(classpath.split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString()).collect(Collectors.toList());
        assertEquals(4, names.size(), classpath);
        assertTrue(names.get(1).startsWith("aws-lambda-java-runtime-interface-client-"), classpath);
        assertFalse(classpath.contains(taskRoot.toString()), "the client loads the function from its working folder");
        String jni = command.stream().filter(a -> a.startsWith("-D" + JavaRuntimeClasspath.JNI_PROPERTY + "="))
                .findFirst().orElseThrow().substring(JavaRuntimeClasspath.JNI_PROPERTY.length() + 3);
        assertTrue(Files.isRegularFile(Path.of(jni)) && Path.of(jni).startsWith(runtimeDir), jni);
    }

    @Test
    void missingJarsSayWhatIsMissing() {
        LambException e = assertThrows(LambException.class, () -> JavaRuntimeClasspath.jars(List.of()));
        assertTrue(e.getMessage().contains("aws-lambda-java-runtime-interface-client"), e.getMessage());
        assertTrue(e.getMessage().contains("reinstall lamb"), e.getMessage());
    }

    @Test
    void theNativeLibraryFollowsThePlatform() {
        assertEquals(Optional.of("libaws-lambda-jni.linux-x86_64.so"), JavaRuntimeClasspath.jniLibraryName("Linux", "amd64", false));
        assertEquals(Optional.of("libaws-lambda-jni.linux-aarch_64.so"), JavaRuntimeClasspath.jniLibraryName("Linux", "aarch64", false));
        assertEquals(Optional.of("libaws-lambda-jni.linux_musl-x86_64.so"), JavaRuntimeClasspath.jniLibraryName("Linux", "amd64", true));
        assertEquals(Optional.empty(), JavaRuntimeClasspath.jniLibraryName("Mac OS X", "aarch64", false));
        assertEquals(Optional.empty(), JavaRuntimeClasspath.jniLibraryName("Linux", "ppc64le", false));
    }

    private static void assertGreets(InvocationResult result) throws IOException {
        assertFalse(result.failed(), result.payloadText() + "\n" + result.logText());
        JsonNode response = JSON.readTree(result.payload());
        assertEquals(200, response.path("statusCode").asInt(), result.payloadText());
        assertEquals("\"Hello, World!\"", response.path("body").asText(), result.payloadText());
        JsonNode logged = result.logLines().stream().filter(l -> l.startsWith("{")).map(JavaRuntimeIT::parse)
                .filter(n -> n.has("requestId")).findFirst().orElseThrow(() -> new AssertionError(result.logText()));
        assertEquals(result.requestId(), logged.path("requestId").asText(), result.logText());
        assertEquals("greeted", logged.path("message").asText());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture handlers compiled into a task root of their own, against the client's aws-lambda-java-core. */
    private static synchronized Path compiledFixture() throws IOException {
        Path taskRoot = work.resolve("fixture-task");
        if (Files.isRegularFile(taskRoot.resolve("example/Fixture.class"))) {
            return taskRoot;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK");
        Path source = work.resolve("fixture-src/example/Fixture.java");
        Files.createDirectories(source.getParent());
        try (InputStream in = JavaRuntimeIT.class.getResourceAsStream("/functions/java/example/Fixture.java")) {
            assertNotNull(in, "fixture source");
            Files.copy(in, source);
        }
        Path core = JavaRuntimeClasspath.jars().stream()
                .filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-core-")).findFirst().orElseThrow();
        int status = javac.run(null, null, null, "--release", "17", "-cp", core.toString(),
                "-d", taskRoot.toString(), source.toString());
        assertEquals(0, status, "javac");
        return taskRoot;
    }

    private static void copyTemplate(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            String text = Files.readString(file)
                    .replace("{{name}}", "greeter")
                    .replace("{{architecture}}", "x86_64");
            Files.writeString(target, text);
        }
    }

    /** Unpacks a jar as Lambda unpacks a deployment zip into its task root. */
    private static Path unzip(Path jar, Path into) throws IOException {
        Files.createDirectories(into);
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                    names.add(entry.getName());
                }
            }
        }
        assertFalse(names.isEmpty(), "empty " + jar);
        return into;
    }
}
