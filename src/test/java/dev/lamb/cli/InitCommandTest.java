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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.testing.Lamb;
import dev.lamb.ui.Terminals;

class InitCommandTest {
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
        assertEquals("lamb: unknown runtime 'ruby': choose one of python, node, java, go\n", run.err());
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
        assertEquals("python3.13", config.function().runtime());
        assertEquals("handler.handler", config.function().handler());
        assertEquals("arm64", config.function().architecture());
        assertEquals(128, config.function().memory());
        assertEquals(10, config.function().timeout());
        assertEquals("GET /hello", config.api().routes().get(0).toString());
        assertTrue(run.out().startsWith("Created orders-api (python3.13, arm64)"), run.out());
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
        assertEquals("nodejs22.x", config.function().runtime());
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

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
