package dev.lamb.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/** Each runtime's generated project passes its own tests, with the runtime's own tools. */
class GeneratedProjectIT {
    @TempDir
    Path tmp;

    private Path init(FunctionRuntime runtime) {
        Path dir = tmp.resolve("greeter");
        Lamb.Run run = Lamb.run("init", "greeter", "--runtime", runtime.id(), "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        return dir;
    }

    @ParameterizedTest
    @EnumSource(FunctionRuntime.class)
    void everyProjectHasTheSameShape(FunctionRuntime runtime) throws IOException {
        Path dir = init(runtime);
        for (String file : List.of("lamb.toml", ".lambignore", "README.md", "events/hello.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), runtime + " lacks " + file);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertFalse(text.contains("{{"), "unrendered placeholder in " + f);
            }
        }
        JsonNode event = new ObjectMapper().readTree(dir.resolve("events/hello.json").toFile());
        assertEquals("GET", event.get("httpMethod").asText());
        assertEquals("/hello", event.get("path").asText());
        assertEquals("World", event.get("queryStringParameters").get("name").asText());
        assertTrue(event.get("requestContext").hasNonNull("requestId"));
        assertFalse(event.has("version"), "a REST API proxy event has no version field");
    }

    @Test
    void pythonProjectPassesUnderUnittestAndPytest() {
        Path python = RequiredTools.require("python3");
        Path dir = init(FunctionRuntime.PYTHON);
        Processes.Result unittest = Processes.run(dir, python.toString(), "-m", "unittest", "-v");
        assertEquals(0, unittest.exitCode(), unittest.output());
        assertTrue(testsRun(unittest.output(), "Ran (\\d+) tests?") >= 5, unittest.output());
        requirePytest(python);
        Processes.Result pytest = Processes.run(dir, python.toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider");
        assertEquals(0, pytest.exitCode(), pytest.output());
        assertTrue(testsRun(pytest.output(), "(\\d+) passed") >= 5, pytest.output());
    }

    @Test
    void nodeProjectPassesUnderNodeTest() {
        Path node = RequiredTools.require("node");
        Path dir = init(FunctionRuntime.NODE);
        Processes.Result result = Processes.run(dir, node.toString(), "--test");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(testsRun(result.output(), "# pass (\\d+)") >= 5, result.output());
        assertTrue(result.output().contains("# fail 0"), result.output());
    }

    @Test
    void javaProjectPassesUnderMavenTest() {
        Path mvn = RequiredTools.require("mvn");
        Path dir = init(FunctionRuntime.JAVA);
        Processes.Result result = Processes.run(dir, mvn.toString(), "-B", "test");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(testsRun(result.output(), "Tests run: (\\d+), Failures: 0, Errors: 0") >= 5, result.output());
    }

    @Test
    void goProjectIsGofmtClean() {
        // The Go module proxy is out of reach here, so the code is checked for form, not compiled.
        Path gofmt = RequiredTools.require("gofmt");
        Path dir = init(FunctionRuntime.GO);
        Processes.Result result = Processes.run(dir, gofmt.toString(), "-l", "-e", ".");
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("", result.output(), "files gofmt would change or cannot parse");
    }

    @Test
    void goStandardLibraryPackagesPassUnderGoTest() {
        // resilience and secrets use the standard library only, so their tests run without the module proxy.
        Path go = RequiredTools.require("go");
        Path dir = init(FunctionRuntime.GO);
        Processes.Result result = Processes.run(dir, Map.of("GOPROXY", "off", "GOFLAGS", "-mod=mod"), 120,
                List.of(go.toString(), "test", "-v", "./resilience/", "./secrets/"));
        assertEquals(0, result.exitCode(), result.output());
        for (String test : List.of("TestTheBreakerOpensThenHalfOpensAfterItsCoolDownThenClosesOnSuccess", "TestOneFetchWithinTheTTLAndANewOneAfter",
                "TestAccessDeniedAndNotFoundFailAtOnceNamingTheVariable", "TestSigningMatchesTheAWSDocumentationsExample")) {
            assertTrue(result.output().contains("--- PASS: " + test), result.output());
        }
    }

    private static void requirePytest(Path python) {
        Processes.Result probe = Processes.run(Path.of("").toAbsolutePath(), python.toString(), "-c", "import pytest");
        if (probe.exitCode() != 0) {
            RequiredTools.require("pytest (python3 -m pytest)");
        }
    }

    private static int testsRun(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
