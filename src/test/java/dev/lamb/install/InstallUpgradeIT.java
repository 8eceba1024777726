package dev.lamb.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * install.sh upgrades in place, uninstalls exactly what it made, and explains its arguments (apart, so CI runs both
 * halves side by side). These prefixes have a blank in their path, where JDK 17 shares no classes, so they make no
 * start-up archive: --no-archive skips its training deploy, which InstallScriptIT checks.
 */
class InstallUpgradeIT extends InstallScripts {
    private static final String NO_ARCHIVE = "--no-archive";

    @Test
    void reinstallingUpgradesInPlaceAndDropsLibrariesTheBuildNoLongerHas() throws IOException {
        Path prefix = temp.resolve("pre fix");
        assertEquals(0, install(prefix, NO_ARCHIVE).exitCode());
        Path stale = prefix.resolve("share/lamb/lib/stale-library-0.9.jar");
        Files.writeString(stale, "an old build's library");

        Run again = install(prefix, NO_ARCHIVE);
        assertEquals(0, again.exitCode(), again.describe());
        assertFalse(Files.exists(stale), "the stale library survived the upgrade");
        assertFalse(Files.readString(prefix.resolve("share/lamb/install-manifest.txt")).contains("stale-library"));
        assertTrue(again.out().contains("start-up archive  " + prefix.resolve("share/lamb/lamb.jsa") + ": not made (--no-archive)"),
                again.describe());
        assertFalse(Files.exists(prefix.resolve("share/lamb/lamb.jsa")));
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

        assertEquals(0, install(prefix, NO_ARCHIVE).exitCode());
        assertEquals(0, install(prefix, NO_ARCHIVE).exitCode());
        Run uninstall = run(PROJECT, Map.of("PREFIX", prefix.toString()), "./install.sh", "--uninstall");
        assertEquals(0, uninstall.exitCode(), uninstall.describe());

        assertEquals(before, tree(prefix));
    }

    @Test
    void uninstallRemovesThePrefixFoldersTheInstallCreated() throws IOException {
        Map<String, String> before = tree(temp);
        Path prefix = temp.resolve("not yet/there");
        Run install = run(PROJECT, Map.of("LAMB_SKIP_BUILD", "1"), "./install.sh", "--prefix", prefix.toString(), NO_ARCHIVE);
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
        assertTrue(help.out().contains("  --no-archive   make no start-up archive"), help.out());

        Run unknown = run(PROJECT, Map.of(), "./install.sh", "--frobnicate");
        assertEquals(2, unknown.exitCode(), unknown.describe());
        assertEquals(1, unknown.err().lines().count(), unknown.describe());
        assertTrue(unknown.err().contains("--frobnicate"), unknown.describe());
    }
}
