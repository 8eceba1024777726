package dev.lamb.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** Finding tools on a PATH, running them, and boiling their failures down to one line. */
class ToolsIT {
    @TempDir
    Path temp;

    private static String summary(String output) {
        return new Tools.Outcome(1, output.lines().toList()).summary();
    }

    @Test
    void pipsErrorsWinOverItsWarnings() {
        assertEquals("ERROR: Could not find a version that satisfies the requirement psycopg2==2.9.9 (from versions: none)"
                + " | ERROR: No matching distribution found for psycopg2==2.9.9", summary("""
                Looking in links: /opt/wheels
                WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError(...)': /simple/psycopg2/
                ERROR: Could not find a version that satisfies the requirement psycopg2==2.9.9 (from versions: none)
                ERROR: No matching distribution found for psycopg2==2.9.9
                """));
    }

    @Test
    void mavensAdviceAboutItselfIsDropped() {
        assertEquals("[ERROR] /p/src/main/java/example/Handler.java:[3,13] incompatible types: String cannot be "
                + "converted to int | [ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:"
                + "compile (default-compile) on project hello: Compilation failure", summary("""
                [ERROR] COMPILATION ERROR :\s
                [ERROR] /p/src/main/java/example/Handler.java:[3,13] incompatible types: String cannot be converted to int
                [ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile (default-compile) \
                on project hello: Compilation failure
                [ERROR] /p/src/main/java/example/Handler.java:[3,13] incompatible types: String cannot be converted to int
                [ERROR] -> [Help 1]
                [ERROR]\s
                [ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
                [ERROR] Re-run Maven using the -X switch to enable full debug logging.
                [ERROR] For more information about the errors and possible solutions, please read the following articles:
                [ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException
                """));
    }

    @Test
    void npmsFirstErrorsAreTheUsefulOnes() {
        assertEquals("npm error code E404 | npm error 404 Not Found - GET https://npm.registry.invalid/nope"
                + " | npm error 404  'nope@1.0.0' is not in this registry.", summary("""
                npm error code E404
                npm error 404 Not Found - GET https://npm.registry.invalid/nope
                npm error 404
                npm error 404  'nope@1.0.0' is not in this registry.
                npm error 404
                npm error 404 Note that you can also install from a
                npm error 404 tarball, folder, http url, or git url.
                npm error A complete log of this run can be found in: /root/.npm/_logs/x-debug-0.log
                """));
    }

    @Test
    void withoutErrorMarkersTheLastLinesAreKept() {
        assertEquals("# example.com/hello | ./main.go:5:2: undefined: nope", summary("""

                # example.com/hello
                ./main.go:5:2: undefined: nope
                """));
        assertEquals("it printed nothing", summary(""));
        assertTrue(summary("x".repeat(2000)).endsWith("…"));
    }

    @Test
    void findsOnlyExecutableFilesOnTheGivenPath() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\necho from tool; echo oops >&2; exit 3\n");
        Files.writeString(bin.resolve("plain"), "not executable");
        Tools tools = new Tools(temp.resolve("missing") + File.pathSeparator + bin);
        assertTrue(tools.find("plain").isEmpty());
        assertTrue(tools.find("tool").isEmpty());
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(tool, tools.find("tool").orElseThrow());

        Tools.Outcome outcome = tools.run(List.of(tool.toString()), temp, Map.of());
        assertEquals(3, outcome.exitCode());
        assertEquals(List.of("from tool", "oops"), outcome.tail());
        LambException e = assertThrows(LambException.class, () -> outcome.requireSuccess("tool run", "try again"));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("tool run failed (exit 3): from tool | oops; try again", e.getMessage());
    }

    @Test
    void aMissingToolSaysWhoNeedsItAndHowToGetIt() {
        LambException e = assertThrows(LambException.class, () -> new Tools(temp.toString())
                .require("npm", "nodejs22.x", "install the dependencies in package.json", "install Node.js with npm"));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("npm is not on PATH, and runtime nodejs22.x needs it to install the dependencies in package.json: "
                + "install Node.js with npm and retry", e.getMessage());
    }
}
