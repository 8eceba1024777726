package dev.lamb.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;

/** Issue 15 §7: the project `init --from-function` writes: nothing overwritten, nothing half-written, a lamb.toml that loads. */
class ImportedProjectTest {
    @TempDir
    Path tmp;

    @Test
    void anExistingFileRefusesTheWholeWriteNamingIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(dir.resolve("app.py"), "mine");
        LambException e = assertThrows(LambException.class, () -> ImportedProject.write(dir, "x = 1\n",
                zip(Map.of("app.py", "theirs", "lib/util.py", "u"))));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(dir.resolve("app.py") + " exists"), e.getMessage());
        assertEquals(List.of("app.py"), List.of(dir.toFile().list()), "nothing else written");
        assertEquals("mine", Files.readString(dir.resolve("app.py")));
    }

    @Test
    void anEntryOutsideTheFolderIsNotUnpacked() throws IOException {
        Path dir = tmp.resolve("p");
        LambException e = assertThrows(LambException.class, () -> ImportedProject.write(dir, "x = 1\n",
                zip(Map.of("../evil.sh", "rm -rf"))));
        assertTrue(e.getMessage().contains("'../evil.sh'"), e.getMessage());
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(tmp.resolve("evil.sh")));
    }

    @Test
    void intoAnExistingFolderEachFileLandsAndNoStagingIsLeft() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        List<String> files = ImportedProject.write(dir, "x = 1\n", zip(Map.of("lib/util.py", "u")));
        assertEquals(List.of("lamb.toml", "lib/util.py"), files);
        assertEquals("u", Files.readString(dir.resolve("lib/util.py")));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of("lamb.toml", "lib", "notes.txt"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** What a function may hold that TOML must quote, written so that lamb.toml loads back to the same values. */
    @Test
    void theTomlLoadsBackToTheFunctionsValues() {
        ProjectConfig.Function fn = new ProjectConfig.Function("fn", "python3.12", "app.handler", "arm64", 256, 20, 30, "",
                "JSON", true, Map.of("QUOTE", "say \"hi\"\\n", "EMPTY", ""), "arn:aws:iam::123456789012:role/r",
                "tab\tand \"quotes\" and é", OptionalInt.of(1024), Optional.of(List.of()), OptionalInt.of(3), 0, Optional.empty(), Optional.empty());
        Path dir = tmp.resolve("p");
        ImportedProject.write(dir, FunctionToml.render(fn, true, true), null);
        ProjectConfig.Function loaded = ProjectConfigLoader.load(dir).function();
        assertEquals(fn.description(), loaded.description());
        assertEquals(fn.environment(), loaded.environment());
        assertEquals(List.of(256, 20, 30, 1024), List.of(loaded.memory(), loaded.timeout(), loaded.logRetentionDays(),
                loaded.ephemeralStorage().getAsInt()));
        assertEquals(OptionalInt.of(3), loaded.reservedConcurrency());
        assertEquals("JSON", loaded.logFormat());

        Path names = tmp.resolve("names");
        ImportedProject.write(names, FunctionToml.render(fn, false, false), null);
        ProjectConfig.Function namesOnly = ProjectConfigLoader.load(names).function();
        assertEquals(Map.of("QUOTE", "", "EMPTY", ""), namesOnly.environment());
        assertEquals(14, namesOnly.logRetentionDays(), "a log group that keeps logs forever leaves lamb's default");
    }

    private static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
