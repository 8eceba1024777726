package dev.lamb.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.config.AlarmSettings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;

/** What every template's lamb.toml shows commented out, and what lamb reads of it once uncommented. */
class TemplateTomlTest {
    @TempDir
    Path dir;

    /**
     * Issue 16 §2: [alarms] is commented out, so that a new project gets the defaults; and the commented values are the
     * defaults, so that uncommenting the table changes nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"python", "node", "go", "java"})
    void theAlarmsTableIsWrittenCommentedWithTheDefaults(String template) throws IOException {
        String toml = rendered(template);
        int table = toml.indexOf("\n# [alarms]\n");
        assertTrue(table > 0, "no commented [alarms] table in the " + template + " template");
        assertEquals(AlarmSettings.defaults(), load(toml).alarms(), "commented, the table is not read");

        String uncommented = toml.substring(0, table) + toml.substring(table).replaceAll("(?m)^# (\\[alarms]|[a-z_0-9]+ = .*)$", "$1");
        assertTrue(uncommented.contains("\n[alarms]\nenabled = true\n"), uncommented);
        assertEquals(AlarmSettings.defaults(), load(uncommented).alarms());
    }

    /**
     * Issue 17 §2: [function.secrets] is commented out in the reference forms the issue names ("secretsmanager:NAME_OR_ARN"
     * with an optional "#json-key", "ssm:/path/to/parameter"), so a new project has no secrets, and uncommenting the
     * example gives exactly those references.
     */
    @ParameterizedTest
    @ValueSource(strings = {"python", "node", "go", "java"})
    void theSecretsTableIsWrittenCommentedInTheReferenceForms(String template) throws IOException {
        String toml = rendered(template);
        int table = toml.indexOf("\n# [function.secrets]\n");
        assertTrue(table > 0, "no commented [function.secrets] table in the " + template + " template");
        assertEquals(Map.of(), load(toml).function().secrets(), "commented, the table is not read");

        String uncommented = toml.substring(0, table) + toml.substring(table).replaceAll("(?m)^# (\\[function.secrets]|[A-Z_]+ = .*)$", "$1");
        Map<String, String> references = new TreeMap<>();
        load(uncommented).function().secrets().forEach((name, reference) -> references.put(name, reference.toString()));
        assertEquals(Map.of("API_KEY", "secretsmanager:API_KEY", "DB_PASSWORD", "secretsmanager:prod/db#password",
                "SIGNING_KEY", "ssm:/greeter/signing-key"), references);
    }

    /**
     * Issue 15 §1: "lamb.toml documents the precedence". A [stage.prod] example is commented out, so a new project has
     * one stage; uncommented, prod gets its memory and provisioned concurrency over [function]'s, and dev keeps those.
     */
    @ParameterizedTest
    @ValueSource(strings = {"python", "node", "go", "java"})
    void aStageTableIsWrittenCommentedWithThePrecedence(String template) throws IOException {
        String toml = rendered(template);
        int table = toml.indexOf("\n# [stage.prod]\n");
        assertTrue(table > 0 && toml.contains("Precedence, lowest first: Lambda's defaults, then [function] (and [url]), then [stage.NAME]"),
                "no commented [stage.prod] table and precedence in the " + template + " template");
        ProjectConfig commented = load(toml);
        assertFalse(commented.stages().declared().contains("prod"), "commented, the table is not read");

        int end = toml.indexOf("\n\n", table);
        String uncommented = toml.substring(0, table) + toml.substring(table, end).replaceAll("(?m)^# (\\[stage.prod]|[a-z_]+ = .*)$", "$1")
                + toml.substring(end);
        ProjectConfig.Function prod = load(uncommented).forStage("prod").function();
        ProjectConfig.Function dev = load(uncommented).forStage("dev").function();
        assertEquals(List.of(1024, 1), List.of(prod.memory(), prod.provisionedConcurrency()));
        assertEquals(List.of(commented.function().memory(), 0), List.of(dev.memory(), dev.provisionedConcurrency()));
    }

    private static String rendered(String template) throws IOException {
        return new TemplateRenderer(Map.of("name", "greeter", "runtime", "python3.13", "architecture", "arm64"))
                .render(Files.readString(Path.of("templates", template, "lamb.toml")), template);
    }

    private ProjectConfig load(String toml) throws IOException {
        Files.writeString(dir.resolve("lamb.toml"), toml);
        return ProjectConfigLoader.load(dir);
    }
}
