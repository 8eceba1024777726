package dev.lamb.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * install.sh installs the launcher, jars, completions and the start-up archive, and keeps a bad archive from showing.
 * One install serves both tests (making the archive deploys a function to a local cloud); the one that damages
 * the archive runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallScriptIT extends InstallScripts {
    @TempDir
    static Path installed;
    static Path prefix;
    static Run install;

    @BeforeAll
    static void installOnce() {
        prefix = installed.resolve("prefix");
        install = install(prefix);
    }

    @Test
    @Order(1)
    void installsTheLauncherJarsCompletionsAndStartUpArchive() throws IOException {
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
    @Order(2)
    void aDamagedOrStaleArchiveNeitherShowsNorBreaksTheStart() throws IOException {
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

}
