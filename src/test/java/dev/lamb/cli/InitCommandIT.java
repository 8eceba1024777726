package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.scaffold.FunctionRuntime;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.ui.Terminals;

class InitCommandIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bad name", "a.b", "x/y", "", "name-that-is-far-too-long-for-lambda-which-allows-sixty-four-chars-at-most"})
    void refusesNamesThatBreakLambdasRule(String name) throws IOException {
        Lamb.Run run = Lamb.run("init", name, "--runtime", "python", "--dir", tmp.resolve("fn").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("letters, digits, '-' and '_'"), run.err());
        assertEquals(List.of(), listing(tmp), "nothing written");
    }

    @Test
    void refusesUnknownRuntimeListingKnownOnes() throws IOException {
        Lamb.Run run = Lamb.run("init", "fn", "--runtime", "ruby", "--dir", tmp.resolve("fn").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("lamb: unknown runtime 'ruby': choose one of python, node, java, go, or a Lambda runtime "
                + "of one: python3.14, python3.13, "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals(List.of(), listing(tmp));
    }

    /** Issue 15 §5: init defaults to python3.14, nodejs24.x, java25 and provided.al2023; an older one stays selectable. */
    @ParameterizedTest
    @CsvSource({"python,python3.14", "node,nodejs24.x", "java,java25", "go,provided.al2023", "python3.13,python3.13",
            "nodejs22.x,nodejs22.x", "java21,java21", "provided.al2,provided.al2"})
    void runtimeTakesATemplateOrOneOfItsLambdaRuntimes(String option, String written) {
        Path dir = tmp.resolve("fn");
        Lamb.Run run = Lamb.run("init", "fn", "--runtime", option, "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(written, ProjectConfigLoader.load(dir).function().runtime());
        assertTrue(run.out().startsWith("Created fn (" + written + ", x86_64)"), run.out());
    }

    /** A runtime older than the template's code needs (the Java template compiles for 17) is refused, with what is offered. */
    @ParameterizedTest
    @ValueSource(strings = {"java11", "java8.al2", "nodejs18.x", "ruby3.3"})
    void aRuntimeTheTemplateCannotRunIsRefused(String runtime) throws IOException {
        Lamb.Run run = Lamb.run("init", "fn", "--runtime", runtime, "--dir", tmp.resolve("fn").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("lamb: unknown runtime '" + runtime + "': choose one of python, node, java, go"), run.err());
        String offered = run.err().substring(run.err().indexOf("of one: "));
        assertTrue(offered.contains("java17, ") && !offered.contains("java11") && !offered.contains("nodejs18.x"), offered);
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void refusesANonEmptyFolderAndLeavesItAsItWas() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fn"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Lamb.Run run = Lamb.run("init", "fn", "--runtime", "node", "--dir", dir.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not empty") && run.err().contains("--force"), run.err());
        assertEquals(List.of("fn", "fn/notes.txt"), listing(tmp));
    }

    @Test
    void forceWritesIntoAFolderAndKeepsOtherFiles() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fn"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Lamb.Run run = Lamb.run("init", "fn", "--runtime", "python", "--dir", dir.toString(), "--force");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
        assertTrue(Files.exists(dir.resolve("handler.py")));
    }

    @Test
    void withoutATerminalAMissingRuntimeNamesTheFlag() throws IOException {
        Lamb.Run run = Lamb.run("init", "fn", "--dir", tmp.resolve("fn").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("missing --runtime") && run.err().contains("--yes"), run.err());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void yesTakesDefaultsAndWritesAValidLambToml() {
        Path dir = tmp.resolve("orders-api");
        Lamb.Run run = Lamb.run("init", "--yes", "--arch", "arm64", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        ProjectConfig config = ProjectConfigLoader.load(dir);
        assertEquals("orders-api", config.function().name());
        // Issue 15 §5: init defaults to the current runtimes.
        assertEquals("python3.14", config.function().runtime());
        assertEquals("handler.handler", config.function().handler());
        assertEquals("arm64", config.function().architecture());
        assertEquals(128, config.function().memory());
        assertEquals(10, config.function().timeout());
        assertEquals("GET /hello", config.api().routes().get(0).toString());
        assertTrue(run.out().startsWith("Created orders-api (python3.14, arm64)"), run.out());
    }

    @Test
    void jsonOutputIsOneRecord() throws IOException {
        Path dir = tmp.resolve("fn");
        Lamb.Run run = Lamb.run("init", "fn", "--runtime", "go", "--dir", dir.toString(), "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("fn", json.get("name").asText());
        assertEquals("provided.al2023", json.get("runtime").asText());
        assertEquals(dir.toString(), json.get("dir").asText());
        assertTrue(json.get("files").toString().contains("main.go"));
    }

    @Test
    void promptsPickTheRuntimeWithArrowKeysAndRecheckTheName() throws IOException {
        // Down arrow then Enter picks the second runtime; a bad name is refused, then a good one taken.
        String keys = "\033[B\r" + "bad name\r" + "pets-api\r";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminals terminal = Terminals.scripted(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen);
        Path dir = tmp.resolve("here");
        Lamb.Run run = Lamb.run(terminal, "init", "--dir", dir.toString());
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertEquals(0, run.exitCode(), run.err() + shown);
        assertTrue(shown.contains("Runtime?"), shown);
        assertTrue(shown.contains("use 1 to 64 characters"), "the rule is shown after a bad name: " + shown);
        ProjectConfig config = ProjectConfigLoader.load(dir);
        assertEquals("pets-api", config.function().name());
        assertEquals("nodejs24.x", config.function().runtime());
    }

    @Test
    void ctrlCAtAPromptExits130AndWritesNothing() throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminals terminal = Terminals.scripted(new ByteArrayInputStream(new byte[] {3}), screen);
        Lamb.Run run = Lamb.run(terminal, "init", "fn", "--dir", tmp.resolve("fn").toString());
        assertEquals(130, run.exitCode(), run.err());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void yesNeverPromptsEvenOnATerminal() {
        Terminals terminal = Terminals.scripted(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
        Lamb.Run run = Lamb.run(terminal, "init", "fn", "--yes", "--dir", tmp.resolve("fn").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("Runtime?"));
    }

    /** Issue 11 §10: init --dir "my folder" says which name it chose, and quotes the path in its "Next:" line. */
    @Test
    void aFolderWithASpaceGetsItsNameSaidAndItsPathQuoted() {
        Path folder = tmp.resolve("my folder");
        Lamb.Run run = Lamb.run("init", "--yes", "--runtime", "python", "--dir", folder.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\nFunction name: hello (the folder's name is not a valid one; lamb init NAME chooses another)\n"),
                run.out());
        assertTrue(run.out().contains("  cd '" + folder + "' "), run.out());
        assertTrue(Files.isRegularFile(folder.resolve("lamb.toml")));

        Lamb.Run named = Lamb.run("init", "--yes", "--runtime", "python", "--dir", tmp.resolve("orders").toString());
        assertFalse(named.out().contains("Function name:"), "a folder that gives the name needs no word: " + named.out());
    }

    /** Issue 11 §10: init inside an existing project warns. */
    @Test
    void aProjectInsideAProjectIsWarnedAbout() {
        Path outer = tmp.resolve("outer");
        assertEquals(0, Lamb.run("init", "outer", "--yes", "--dir", outer.toString()).exitCode());
        Lamb.Run run = Lamb.run("init", "inner", "--yes", "--dir", outer.resolve("inner").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("lamb: warning: ") && run.err().contains(" is inside the project at " + outer + " "), run.err());
        Lamb.Run apart = Lamb.run("init", "apart", "--yes", "--dir", tmp.resolve("apart").toString());
        assertFalse(apart.err().contains("warning"), apart.err());
    }

    /**
     * Issue 11 §10: a runtime whose toolchain is missing is said, with the minimum version the template asks for.
     * lamb runs as a process here, with a PATH that holds no build tool at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"node", "java", "go"})
    void aMissingToolchainIsSaidWithTheTemplatesMinimum(String runtime) throws IOException {
        Path emptyPath = Files.createDirectories(tmp.resolve("bin"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Processes.Result run = Processes.run(tmp, Map.of("PATH", emptyPath.toString()), 60, List.of(java, "-cp",
                System.getProperty("java.class.path"), "dev.lamb.Lamb", "init", "fn", "--yes", "--runtime", runtime));
        assertEquals(0, run.exitCode(), run.output());
        FunctionRuntime r = FunctionRuntime.parse(runtime).template();
        assertTrue(run.output().contains("lamb: warning: " + r.tool() + " is not on PATH: the project's tests and build need "
                + r.toolchain() + "\n"), run.output());
    }

    /** The minimums lamb names are the ones its templates state. */
    @Test
    void theNamedMinimumsAreTheTemplates() throws IOException {
        assertTrue(Files.readString(Path.of("templates/node/package.json")).contains("\"node\": \">=20\""));
        assertTrue(FunctionRuntime.NODE.toolchain().contains("Node.js 20 or newer"));
        assertTrue(Files.readString(Path.of("templates/go/go.mod")).contains("\ngo 1.22\n"));
        assertTrue(FunctionRuntime.GO.toolchain().contains("Go 1.22 or newer"));
        assertTrue(Files.readString(Path.of("templates/java/pom.xml")).contains("<maven.compiler.release>17</maven.compiler.release>"));
        assertTrue(FunctionRuntime.JAVA.toolchain().contains("JDK 17 or newer"));
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
