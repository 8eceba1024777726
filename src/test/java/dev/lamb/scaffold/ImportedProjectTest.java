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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
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
import dev.lamb.config.AsyncSettings;
import dev.lamb.config.Permissions;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.config.UrlSettings;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/** Issue 15 §7: the project `init --from-function` writes: nothing overwritten, nothing half-written, a lamb.toml that loads. */
class ImportedProjectTest {
    @TempDir
    Path tmp;

    @Test
    void anExistingFileRefusesTheWholeWriteNamingIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(dir.resolve("app.py"), "mine");
        LambException e = assertThrows(LambException.class, () -> ImportedProject.write(dir, "x = 1\n", false,
                zip(Map.of("app.py", "theirs", "lib/util.py", "u"))));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(dir.resolve("app.py") + " exists"), e.getMessage());
        assertEquals(List.of("app.py"), List.of(dir.toFile().list()), "nothing else written");
        assertEquals("mine", Files.readString(dir.resolve("app.py")));
    }

    @Test
    void anEntryOutsideTheFolderIsNotUnpacked() throws IOException {
        Path dir = tmp.resolve("p");
        LambException e = assertThrows(LambException.class, () -> ImportedProject.write(dir, "x = 1\n", false,
                zip(Map.of("../evil.sh", "rm -rf"))));
        assertTrue(e.getMessage().contains("'../evil.sh'"), e.getMessage());
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(tmp.resolve("evil.sh")));
    }

    @Test
    void intoAnExistingFolderEachFileLandsAndNoStagingIsLeft() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        List<String> files = ImportedProject.write(dir, "x = 1\n", false, zip(Map.of("lib/util.py", "u")));
        assertEquals(List.of("lamb.toml", "lib/util.py"), files);
        assertEquals("u", Files.readString(dir.resolve("lib/util.py")));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of("lamb.toml", "lib", "notes.txt"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** What a function may hold that TOML must quote, written so that lamb.toml loads back to the same values. */
    @Test
    void theTomlLoadsBackToTheFunctionsValues() throws IOException {
        ProjectConfig.Function fn = new ProjectConfig.Function("fn", "python3.12", "app.handler", "arm64", 256, 20, 30, "",
                "JSON", true, Map.of("QUOTE", "say \"hi\"\\n", "EMPTY", ""), "arn:aws:iam::123456789012:role/r",
                "tab\tand \"quotes\" and é", OptionalInt.of(1024), Optional.of(List.of()), OptionalInt.of(3), 0, Optional.empty(), Optional.empty(),
                Map.of(), Permissions.NONE);
        Path dir = tmp.resolve("p");
        ImportedProject.write(dir, FunctionToml.render(fn, true, true, true), true, null);
        ProjectConfig.Function loaded = ProjectConfigLoader.load(dir).function();
        assertEquals(fn.description(), loaded.description());
        assertEquals(fn.environment(), loaded.environment());
        assertEquals(List.of(256, 20, 30, 1024), List.of(loaded.memory(), loaded.timeout(), loaded.logRetentionDays(),
                loaded.ephemeralStorage().getAsInt()));
        assertEquals(OptionalInt.of(3), loaded.reservedConcurrency());
        assertEquals("JSON", loaded.logFormat());

        Path names = tmp.resolve("names");
        ImportedProject.write(names, FunctionToml.render(fn, false, true, false), false, null);
        String toml = Files.readString(names.resolve("lamb.toml"));
        assertTrue(toml.contains("# log_retention_days = 30\n"), "a log group that keeps logs forever leaves lamb's default");
        assertFalse(toml.contains("say"), toml);
    }

    /**
     * Review 15 item 4: without --with-values, no key is written with an empty value, which deploy would set (it
     * sends the whole environment): each holds a placeholder that lamb.toml refuses, in one line naming the key.
     */
    @Test
    void withoutValuesEachKeyHoldsAPlaceholderThatNoCommandAccepts() {
        Path dir = tmp.resolve("names");
        ImportedProject.write(dir, FunctionToml.render(function(Optional.empty(), Optional.empty()), true, true, false), false, null);
        LambException e = assertThrows(LambException.class, () -> ProjectConfigLoader.load(dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().matches("lamb\\.toml:\\d+: function\\.environment\\.API_KEY still holds the placeholder lamb init "
                + "--from-function wrote: write its value \\(or run lamb init --from-function again with --with-values\\), or remove "
                + "the key to remove the variable"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    /**
     * Review 15 item 5: async settings and a URL read from the function itself (no alias dev yet) are written
     * commented out, saying why, so deploy makes no second config or URL; read from alias dev, they are kept.
     */
    @Test
    void asyncAndUrlNotOnTheStagesAliasAreCommentedOutSayingWhy() throws IOException {
        AsyncSettings async = new AsyncSettings(1, 3600, "", "");
        UrlSettings url = new UrlSettings("AWS_IAM", UrlSettings.BUFFERED, Optional.of(new UrlSettings.Cors(List.of("https://example.com"),
                List.of("GET"), List.of(), List.of(), 300, false)));
        ProjectConfig.Function fn = function(Optional.of(async), Optional.of(url));

        Path own = tmp.resolve("own");
        ImportedProject.write(own, FunctionToml.render(fn, true, false, true), true, null);
        String toml = Files.readString(own.resolve("lamb.toml"));
        assertTrue(toml.contains("# [url]\n# auth = \"AWS_IAM\"\n") && toml.contains("# [url.cors]\n")
                && toml.contains("# [function.async]\n# max_retries = 1\n"), toml);
        assertTrue(toml.contains("# The function's URL below is its own, not alias dev's, which lamb deploys to and which\n"
                + "# does not exist yet. Left commented, deploy leaves it alone. Uncommented, deploy would make a second URL"), toml);
        ProjectConfig.Function loaded = ProjectConfigLoader.load(own).function();
        assertEquals(Optional.empty(), loaded.url());
        assertEquals(Optional.empty(), loaded.async());

        Path onAlias = tmp.resolve("alias");
        ImportedProject.write(onAlias, FunctionToml.render(fn, true, true, true), true, null);
        loaded = ProjectConfigLoader.load(onAlias).function();
        assertEquals(Optional.of(url), loaded.url());
        assertEquals(Optional.of(async), loaded.async());
        assertTrue(Files.readString(onAlias.resolve("lamb.toml")).contains("# The REST API that lamb deploy puts in front of the "
                + "function (alias dev). It is PUBLIC:\n"));
    }

    /** Review 15 item 11: with the environment's values, lamb.toml is its owner's only (0600); without, the umask's. */
    @Test
    void aTomlWithValuesIsReadableByItsOwnerOnly() throws IOException {
        Path secret = tmp.resolve("secret");
        ImportedProject.write(secret, "x = 1\n", true, null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret.resolve("lamb.toml"))));
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        ImportedProject.write(existing, "x = 1\n", true, null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing.resolve("lamb.toml"))));
        ImportedProject.write(tmp.resolve("names"), "x = 1\n", false, null);
        assertTrue(Files.getPosixFilePermissions(tmp.resolve("names/lamb.toml")).contains(PosixFilePermission.OWNER_READ));
        assertFalse(Files.getPosixFilePermissions(tmp.resolve("names/lamb.toml")).contains(PosixFilePermission.OWNER_EXECUTE));
    }

    /** Review 15 item 11: a failure midway (here a file where a folder must go) removes what was moved: the folder is as before. */
    @Test
    void aFailureMidwayLeavesTheFolderAsItWas() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(dir.resolve("lib"), "a file, where the code has a folder");
        Map<String, String> code = new LinkedHashMap<>();
        code.put("app.py", "theirs");
        code.put("pkg/deep/mod.py", "m");
        code.put("lib/util.py", "u");
        assertThrows(LambException.class, () -> ImportedProject.write(dir, "x = 1\n", false, zip(code)));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of("lib"), entries.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("a file, where the code has a folder", Files.readString(dir.resolve("lib")));
    }

    /**
     * Runtimes review note: --with-code keeps the executable bits the zip's central directory records (a zip made
     * by Info-ZIP's zip, /usr/bin/zip), and a custom runtime's bootstrap is executable even from a zip without modes.
     */
    @Test
    void executablesStayExecutable() throws Exception {
        RequiredTools.require("zip");
        Path src = Files.createDirectories(tmp.resolve("src/bin"));
        Files.writeString(src.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(src.resolve("tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(src.resolve("data.txt"), "d");
        Processes.Result zipped = Processes.run(tmp.resolve("src"), "zip", "-q", "-X", "-r", "../code.zip", ".");
        assertEquals(0, zipped.exitCode(), zipped.output());
        Path dir = tmp.resolve("p");
        ImportedProject.write(dir, "x = 1\n", false, Files.readAllBytes(tmp.resolve("code.zip")));
        assertTrue(Files.isExecutable(dir.resolve("bin/tool")));
        assertFalse(Files.isExecutable(dir.resolve("bin/data.txt")));

        Path provided = Files.createDirectories(tmp.resolve("provided"));
        ImportedProject.write(provided, "x = 1\n", false, zip(Map.of("bootstrap", "#!/bin/sh\n", "handler.sh", "echo")));
        assertTrue(Files.isExecutable(provided.resolve("bootstrap")));
        assertFalse(Files.isExecutable(provided.resolve("handler.sh")));
    }

    private static ProjectConfig.Function function(Optional<AsyncSettings> async, Optional<UrlSettings> url) {
        return new ProjectConfig.Function("fn", "python3.12", "app.handler", "x86_64", 128, 3, 14, "", "Text", false,
                Map.of("API_KEY", "s3cret"), "arn:aws:iam::123456789012:role/r", "",
                OptionalInt.of(512), Optional.of(List.of()), OptionalInt.empty(), 0,
                async, url, Map.of(), Permissions.NONE);
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
