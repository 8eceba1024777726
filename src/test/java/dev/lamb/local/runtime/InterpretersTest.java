package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which interpreter runs a runtime (issue 14: "A python3.13 function runs python3.13 when it is installed"),
 * and which boto3 functions get ("boto3 1.28 or later ... Debian 12's python3-boto3 1.26 is too old"), on a
 * made-up machine of empty programs and package folders.
 */
class InterpretersTest {
    @TempDir
    Path machine;

    private Path program(String path) throws IOException {
        Path file = machine.resolve(path);
        Files.createDirectories(file.getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return file;
    }

    private void boto3(String site, String version) throws IOException {
        Path dir = Files.createDirectories(machine.resolve(site).resolve("boto3"));
        Files.writeString(dir.resolve("__init__.py"), "__version__ = '" + version + "'\n");
        Files.createDirectories(machine.resolve(site).resolve("botocore"));
    }

    private Map<String, String> env() {
        return Map.of("PATH", machine.resolve("usr/bin") + ":" + machine.resolve("pyenv/shims"), "HOME", machine.toString(),
                "PYENV_ROOT", machine.resolve("pyenv").toString(), "NODE_PATH", machine.resolve("none").toString());
    }

    @Test
    void eachRuntimeRunsOnItsVersionElseTheNearestNewerFirst() throws IOException {
        Path system311 = program("usr/bin/python3.11");
        program("pyenv/shims/python3.13");
        Path pyenv313 = program("pyenv/versions/3.13.0/bin/python3.13");
        program("pyenv/versions/3.11.7/bin/python3.11");

        Interpreters found = Interpreters.find(env());

        assertEquals(pyenv313, found.forRuntime("python3.13").orElseThrow().path(), "pyenv's, not its shim");
        assertEquals(system311, found.forRuntime("python3.11").orElseThrow().path(), "PATH's comes before pyenv's");
        assertEquals("python3.13", found.forRuntime("python3.14").orElseThrow().runtime());
        assertEquals("python3.13", found.forRuntime("python3.12").orElseThrow().runtime(), "3.11 and 3.13 are as near: the newer");
        assertEquals("python3.11", found.forRuntime("python3.9").orElseThrow().runtime());
        assertFalse(found.forRuntime("nodejs22.x").isPresent(), "no node here");
        assertEquals(List.of("python3.13", "python3.11"), found.all().stream().map(Interpreter::runtime).toList());
    }

    @Test
    void boto3IsTheNewestOf128OrLaterAndDebians126IsTooOld() throws IOException {
        program("pyenv/versions/3.11.7/bin/python3.11");
        program("pyenv/versions/3.13.0/bin/python3.13");
        boto3("pyenv/versions/3.11.7/lib/python3.11/site-packages", "1.26.27");
        Interpreters interpreters = Interpreters.find(env());

        FunctionSdks old = FunctionSdks.find(env(), interpreters);
        assertTrue(old.boto3().isEmpty(), old.boto3().toString());
        assertEquals("1.26.27", old.tooOldBoto3().get(0).version());

        boto3("pyenv/versions/3.13.0/lib/python3.13/site-packages", "1.43.11");
        FunctionSdks sdks = FunctionSdks.find(env(), interpreters);
        assertEquals("1.43.11", sdks.boto3().orElseThrow().version());
        assertEquals(machine.resolve("pyenv/versions/3.13.0/lib/python3.13/site-packages"), sdks.boto3().orElseThrow().path());
    }
}
