package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review item 10: the compiled boto3 cache runs in every Python function, so a folder another local user could have
 * written (a group- or world-writable root, as a shared XDG_CACHE_HOME under /tmp often is) is never used, even when
 * its compiled.txt certifies it; functions get the plain copy and notice says so once. A root lamb makes is 0700.
 */
class PythonSdkCacheTest {
    private static final Sdk BOTO3 = new Sdk("boto3", "1.40.0", Path.of("/nowhere/site-packages"));
    private static final Interpreter PYTHON = new Interpreter("python3.12", Path.of("/nowhere/python3.12"));

    @TempDir
    Path cache;

    @Test
    void aCacheOthersCanWriteIsNotUsed() throws Exception {
        Path root = cache.resolve("python-sdk");
        Path planted = Files.createDirectories(root.resolve(PythonSdkCache.name(BOTO3, PYTHON)));
        // An empty compiled.txt matches a folder without compiled files: the folder certifies itself.
        Files.writeString(planted.resolve("compiled.txt"), "");
        List<String> notices = new ArrayList<>();
        PythonSdkCache sdkCache = new PythonSdkCache(root, notices::add);

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Optional.of(planted), sdkCache.compiled(BOTO3, PYTHON), "the user's own 0700 cache is used");

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.empty(), sdkCache.compiled(BOTO3, PYTHON), "a world-writable root is not used");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwx---"));
        assertEquals(Optional.empty(), sdkCache.compiled(BOTO3, PYTHON), "a group-writable folder is not used");
        assertEquals(1, notices.size(), "said once: " + notices);
        assertTrue(notices.get(0).contains("is group- or world-writable") && notices.get(0).contains("plain copy"), notices.get(0));
    }

    @Test
    void aRootLambMakesIsTheUsersAlone() throws Exception {
        Path root = cache.resolve("lamb/python-sdk");
        new PythonSdkCache(root, n -> { }).compiled(BOTO3, PYTHON);
        // Made in the background, as the folder compiled for the interpreter is (which fails here: there is no such Python).
        for (int i = 0; i < 500 && !Files.isDirectory(root); i++) {
            Thread.sleep(10);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    }
}
