package dev.lamb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/**
 * Issue 13 §4: lamb.toml edits (tune --save) go through one writer that knows TOML tables and keeps
 * comments and every other byte of the file. Each result is also read back by the project's own loader.
 */
class TomlEditorTest {
    private static final String PROJECT = """
            # my function; lamb tune --save keeps this comment
            [function]
            name = "hello"   # the name on AWS
            runtime = "python3.13"
            handler = "handler.handler"
            memory = 128  # MB, set by lamb tune

            [tune]
            # memory = 256 is not the function's
            memory = "128..1024"
            invocations = 20
            """;

    @Test
    void replacesOnlyTheValueOfTheKeyInItsTableKeepingItsComment() {
        String edited = TomlEditor.set(PROJECT, "function", "memory", "512");
        assertEquals(PROJECT.replace("memory = 128  # MB", "memory = 512  # MB"), edited);
        assertEquals(512, ProjectConfigLoader.parse(Path.of("."), edited).function().memory());
        assertEquals("128..1024", ProjectConfigLoader.parse(Path.of("."), edited).tune().memory());
    }

    @Test
    void aKeyOfTheSameNameInAnotherTableIsNotTheOne() {
        // [tune] comes first here: the old regex rewrote the first "memory = <digits>" line of the file, whatever its table
        String text = """
                [tune]
                invocations = 5
                memory = "256"

                [function]
                name = "hello"
                runtime = "python3.13"
                handler = "handler.handler"
                """;
        String edited = TomlEditor.set(text, "function", "memory", "1024");
        assertEquals(text.replace("[function]\n", "[function]\nmemory = 1024\n"), edited);
        assertEquals(1024, ProjectConfigLoader.parse(Path.of("."), edited).function().memory());
        assertEquals(5, ProjectConfigLoader.parse(Path.of("."), edited).tune().invocations());
    }

    @Test
    void anAbsentKeyGoesRightUnderItsTableHeader() {
        String text = PROJECT.replace("memory = 128  # MB, set by lamb tune\n", "");
        assertEquals(text.replace("[function]\n", "[function]\nmemory = 256\n"), TomlEditor.set(text, "function", "memory", "256"));
    }

    @Test
    void aHeaderWithACommentAndSpacesIsStillItsTable() {
        String text = "[ function ]  # the function\nname = \"a\"\n";
        assertEquals("[ function ]  # the function\nmemory = 256\nname = \"a\"\n", TomlEditor.set(text, "function", "memory", "256"));
    }

    @Test
    void anAbsentTableIsAppended() {
        assertEquals("[function]\nname = \"a\"\n\n[tune]\ninvocations = 3\n",
                TomlEditor.set("[function]\nname = \"a\"\n", "tune", "invocations", "3"));
        assertEquals("[function]\nname = \"a\"\n\n[tune]\ninvocations = 3\n",
                TomlEditor.set("[function]\nname = \"a\"", "tune", "invocations", "3"));
    }

    @Test
    void windowsLineEndingsStayWindowsLineEndings() {
        String text = "[function]\r\nname = \"a\"\r\n";
        assertEquals("[function]\r\nmemory = 256\r\nname = \"a\"\r\n", TomlEditor.set(text, "function", "memory", "256"));
        assertEquals("[function]\r\nname = \"b\"\r\n", TomlEditor.set(text, "function", "name", "\"b\""));
    }

    @Test
    void linesInsideAMultilineValueAreNotKeys() {
        String text = """
                [function]
                name = "a"
                description = \"""
                memory = 64
                \"""
                [api]
                routes = [
                  "GET /memory",
                ]
                """;
        String edited = TomlEditor.set(text, "function", "memory", "256");
        assertEquals(text.replace("[function]\n", "[function]\nmemory = 256\n"), edited);
    }

    @Test
    void linesInsideAnInlineTableOrArrayAreNotHeaders() {
        String text = "[function]\nname = \"a\"\nenvironment = { A = [\n[1],\n] }\n[api]\nmemory = 1\n";
        assertEquals(text.replace("[function]\n", "[function]\nmemory = 256\n"), TomlEditor.set(text, "function", "memory", "256"));
    }

    @Test
    void aQuotedKeyIsTheSameKey() {
        assertEquals("[function]\n\"memory\" = 2048 # big\n", TomlEditor.set("[function]\n\"memory\" = 128 # big\n", "function", "memory", "2048"));
    }

    @Test
    void aValueThatSpansLinesIsRefusedNotMangled() {
        String text = "[api]\nroutes = [\n  \"GET /\",\n]\n";
        LambException e = assertThrows(LambException.class, () -> TomlEditor.set(text, "api", "routes", "[]"));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void theFileIsRewrittenInPlaceWithNothingElseChanged(@TempDir Path dir) throws Exception {
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, PROJECT, StandardCharsets.UTF_8);
        TomlEditor.set(toml, "function", "memory", "640");
        assertEquals(PROJECT.replace("memory = 128  #", "memory = 640  #"), Files.readString(toml, StandardCharsets.UTF_8));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }
}
