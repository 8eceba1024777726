package dev.lamb.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.config.AlarmSettings;
import dev.lamb.config.ProjectConfigLoader;

/**
 * Issue 16 §2: every template's lamb.toml carries [alarms] commented out, so that a new project gets the defaults; and
 * the commented values are the defaults, so that uncommenting the table changes nothing.
 */
class TemplateAlarmsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"python", "node", "go", "java"})
    void theAlarmsTableIsWrittenCommentedWithTheDefaults(String template) throws IOException {
        String toml = new TemplateRenderer(Map.of("name", "alarmed", "runtime", "python3.13", "architecture", "arm64"))
                .render(Files.readString(Path.of("templates", template, "lamb.toml")), template);
        int table = toml.indexOf("\n# [alarms]\n");
        assertTrue(table > 0, "no commented [alarms] table in the " + template + " template");
        Files.writeString(dir.resolve("lamb.toml"), toml);
        assertEquals(AlarmSettings.defaults(), ProjectConfigLoader.load(dir).alarms(), "commented, the table is not read");

        String uncommented = toml.substring(0, table) + toml.substring(table).replaceAll("(?m)^# (\\[alarms]|[a-z_0-9]+ = .*)$", "$1");
        Files.writeString(dir.resolve("lamb.toml"), uncommented);
        assertTrue(uncommented.contains("\n[alarms]\nenabled = true\n"), uncommented);
        assertEquals(AlarmSettings.defaults(), ProjectConfigLoader.load(dir).alarms());
    }
}
