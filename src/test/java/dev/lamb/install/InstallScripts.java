package dev.lamb.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the install.sh tests share: they run the real install.sh against the build in target/ (failsafe runs
 * after package), into throwaway prefixes, with no stdin and no terminal, as CI does. The prefixes that only check files have a blank
 * in their path, to keep the script's quoting honest; the ones that check the start-up archive have
 * none, since JDK 17 shares no classes from such a path (install.sh then goes on without an archive).
 */
abstract class InstallScripts {
    static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 300;

    static String expectedVersion;

    @TempDir
    Path temp;

    /** Where the runs' output is captured, apart from the prefixes whose contents are compared (unique names: shared by a class). */
    @TempDir
    static Path io;

    record Run(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void builtJar() throws IOException {
        Path jar = PROJECT.resolve("target/lamb.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn -B verify', which packages first");
        Properties p = new Properties();
        try (var in = Files.newInputStream(PROJECT.resolve("target/classes/dev/lamb/version.properties"))) {
            p.load(in);
        }
        expectedVersion = "lamb " + p.getProperty("version");
    }

    static void assertCleanStart(Path prefix) {
        Run version = run(prefix, Map.of(), prefix.resolve("bin/lamb").toString(), "--version");
        assertEquals(0, version.exitCode(), version.describe());
        assertEquals(expectedVersion + "\n", version.out());
        assertEquals("", version.err());
    }

    static Run install(Path prefix, String... options) {
        List<String> command = new ArrayList<>(List.of("./install.sh"));
        command.addAll(List.of(options));
        return run(PROJECT, Map.of("LAMB_SKIP_BUILD", "1", "PREFIX", prefix.toString()), command.toArray(String[]::new));
    }

    /** Every path under root, sorted, with "dir" or a file's digest and mode, so that any change shows. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String what = Files.isDirectory(p) ? "dir"
                        : sha256(Files.readAllBytes(p)) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                entries.put(root.relativize(p).toString(), what);
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertTrue(Files.isRegularFile(actual), actual + " is missing");
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual + " differs from " + expected);
    }

    static Run run(Path dir, Map<String, String> env, String... command) {
        try {
            Path out = Files.createTempFile(io, "out", ".txt");
            Path err = Files.createTempFile(io, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> environment = pb.environment();
            // The machine's own JVM options would change what lamb prints, and PREFIX where it goes.
            for (String name : List.of("PREFIX", "LAMB_JAVA_OPTS", "LAMB_CDS", "LAMB_SKIP_BUILD", "JDK_JAVA_OPTIONS",
                    "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
                environment.remove(name);
            }
            environment.putAll(new HashMap<>(env));
            Process process = pb.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
