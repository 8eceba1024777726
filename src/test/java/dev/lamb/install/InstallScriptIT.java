package dev.lamb.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real install.sh against the build in target/ (failsafe runs after package), into throwaway
 * prefixes, with no stdin and no terminal, as CI does. The prefixes that only check files have a blank
 * in their path, to keep the script's quoting honest; the ones that check the start-up archive have
 * none, since JDK 17 shares no classes from such a path (install.sh then goes on without an archive).
 */
class InstallScriptIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 300;

    private static String expectedVersion;

    @TempDir
    Path temp;

    /** Where the runs' output is captured, apart from the prefixes whose contents are compared. */
    @TempDir
    Path io;

    private record Run(int exitCode, String out, String err) {
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

    @Test
    void installsTheLauncherJarsCompletionsAndStartUpArchive() throws IOException {
        Path prefix = temp.resolve("prefix");
        Run install = install(prefix);
        assertEquals(0, install.exitCode(), install.describe());
        assertFalse(install.out().contains("\u001b") || install.err().contains("\u001b"),
                "colour codes off a terminal:\n" + install.describe());
        assertTrue(install.out().contains(prefix.resolve("bin/lamb").toString()), install.describe());

        Path share = prefix.resolve("share/lamb");
        assertTrue(Files.isRegularFile(share.resolve("lamb.jar")));
        try (Stream<Path> built = Files.list(PROJECT.resolve("target/lib"))) {
            for (Path jar : built.toList()) {
                assertTrue(Files.isRegularFile(share.resolve("lib").resolve(jar.getFileName())), "missing " + jar.getFileName());
            }
        }
        assertTrue(Files.isExecutable(prefix.resolve("bin/lamb")));
        assertTrue(Files.isRegularFile(share.resolve("install-manifest.txt")));
        assertSameBytes(PROJECT.resolve("completions/lamb.bash"), prefix.resolve("share/bash-completion/completions/lamb"));
        assertSameBytes(PROJECT.resolve("completions/_lamb"), prefix.resolve("share/zsh/site-functions/_lamb"));

        Run version = run(prefix, Map.of(), prefix.resolve("bin/lamb").toString(), "--version");
        assertEquals(0, version.exitCode(), version.describe());
        assertEquals(expectedVersion + "\n", version.out());
        assertEquals("", version.err());

        // The installed jar, not target/classes, is what users run: its templates must keep their dotfiles.
        Run init = run(prefix, Map.of(), prefix.resolve("bin/lamb").toString(), "init", "fn", "--yes");
        assertEquals(0, init.exitCode(), init.describe());
        assertTrue(Files.isRegularFile(prefix.resolve("fn/.gitignore")), "the jar lost the templates' .gitignore");
        assertTrue(Files.isRegularFile(prefix.resolve("fn/.lambignore")));

        assertTrue(Files.isRegularFile(share.resolve("lamb.jsa")), "no start-up archive:\n" + install.describe());
        Run shared = run(prefix, Map.of("LAMB_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info"),
                prefix.resolve("bin/lamb").toString(), "--version");
        assertEquals(0, shared.exitCode(), shared.describe());
        assertTrue(shared.out().contains("dev.lamb.Lamb source: shared objects file"),
                "the installed launcher does not use the archive:\n" + shared.describe());
    }

    @Test
    void aDamagedOrStaleArchiveNeitherShowsNorBreaksTheStart() throws IOException {
        Path prefix = temp.resolve("prefix");
        Run install = install(prefix);
        assertEquals(0, install.exitCode(), install.describe());
        Path jar = prefix.resolve("share/lamb/lamb.jar");
        Path archive = prefix.resolve("share/lamb/lamb.jsa");
        byte[] good = Files.readAllBytes(archive);
        FileTime made = Files.getLastModifiedTime(archive);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));

        // Changed after the install (cut short, overwritten): the launcher sees the new time and skips it.
        Files.write(archive, Arrays.copyOf(good, good.length / 3));
        assertCleanStart(prefix);
        byte[] damaged = good.clone();
        Arrays.fill(damaged, good.length / 2, good.length / 2 + 4096, (byte) 0x5a);
        Files.write(archive, damaged);
        assertCleanStart(prefix);

        // Not an archive, or not one this JVM can use, yet with the install's time: the JVM refuses it
        // quietly.
        for (byte[] bytes : List.of("not a CDS archive\n".getBytes(StandardCharsets.UTF_8), new byte[0])) {
            Files.write(archive, bytes);
            Files.setLastModifiedTime(archive, made);
            assertCleanStart(prefix);
        }

        // A jar changed after the archive was made.
        Files.write(archive, good);
        Files.setLastModifiedTime(archive, made);
        Files.setLastModifiedTime(jar, FileTime.from(made.toInstant().plus(Duration.ofMinutes(5))));
        assertCleanStart(prefix);
    }

    @Test
    void reinstallingUpgradesInPlaceAndDropsLibrariesTheBuildNoLongerHas() throws IOException {
        Path prefix = temp.resolve("pre fix");
        assertEquals(0, install(prefix).exitCode());
        Path stale = prefix.resolve("share/lamb/lib/stale-library-0.9.jar");
        Files.writeString(stale, "an old build's library");

        Run again = install(prefix);
        assertEquals(0, again.exitCode(), again.describe());
        assertFalse(Files.exists(stale), "the stale library survived the upgrade");
        assertFalse(Files.readString(prefix.resolve("share/lamb/install-manifest.txt")).contains("stale-library"));
        Run version = run(prefix, Map.of(), prefix.resolve("bin/lamb").toString(), "--version");
        assertEquals(expectedVersion + "\n", version.out(), version.describe());
    }

    @Test
    void uninstallLeavesAPrefixThatHeldOtherFilesExactlyAsItWas() throws IOException {
        Path prefix = temp.resolve("pre fix");
        write(prefix.resolve("bin/other-tool"), "#!/bin/sh\necho other\n");
        Files.setPosixFilePermissions(prefix.resolve("bin/other-tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(prefix.resolve("share/bash-completion/completions/git"), "# git's completion\n");
        write(prefix.resolve("share/lamb-notes.txt"), "not lamb's\n");
        Files.createDirectories(prefix.resolve("share/doc"));
        Map<String, String> before = tree(prefix);

        assertEquals(0, install(prefix).exitCode());
        assertEquals(0, install(prefix).exitCode());
        Run uninstall = run(PROJECT, Map.of("PREFIX", prefix.toString()), "./install.sh", "--uninstall");
        assertEquals(0, uninstall.exitCode(), uninstall.describe());

        assertEquals(before, tree(prefix));
    }

    @Test
    void uninstallRemovesThePrefixFoldersTheInstallCreated() throws IOException {
        Map<String, String> before = tree(temp);
        Path prefix = temp.resolve("not yet/there");
        Run install = run(PROJECT, Map.of("LAMB_SKIP_BUILD", "1"), "./install.sh", "--prefix", prefix.toString());
        assertEquals(0, install.exitCode(), install.describe());

        Run uninstall = run(PROJECT, Map.of(), "./install.sh", "--uninstall", "--prefix=" + prefix);
        assertEquals(0, uninstall.exitCode(), uninstall.describe());
        assertEquals(before, tree(temp));
    }

    @Test
    void helpAndUnknownArguments() {
        Run help = run(PROJECT, Map.of(), "./install.sh", "--help");
        assertEquals(0, help.exitCode(), help.describe());
        assertTrue(help.out().startsWith("Usage: ./install.sh"), help.out());

        Run unknown = run(PROJECT, Map.of(), "./install.sh", "--frobnicate");
        assertEquals(2, unknown.exitCode(), unknown.describe());
        assertEquals(1, unknown.err().lines().count(), unknown.describe());
        assertTrue(unknown.err().contains("--frobnicate"), unknown.describe());
    }

    private void assertCleanStart(Path prefix) {
        Run version = run(prefix, Map.of(), prefix.resolve("bin/lamb").toString(), "--version");
        assertEquals(0, version.exitCode(), version.describe());
        assertEquals(expectedVersion + "\n", version.out());
        assertEquals("", version.err());
    }

    private Run install(Path prefix) {
        return run(PROJECT, Map.of("LAMB_SKIP_BUILD", "1", "PREFIX", prefix.toString()), "./install.sh");
    }

    /** Every path under root, sorted, with "dir" or a file's digest and mode, so that any change shows. */
    private static Map<String, String> tree(Path root) throws IOException {
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

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertTrue(Files.isRegularFile(actual), actual + " is missing");
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual + " differs from " + expected);
    }

    private Run run(Path dir, Map<String, String> env, String... command) {
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
