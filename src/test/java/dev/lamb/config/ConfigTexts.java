package dev.lamb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** lamb.toml texts read as the loader reads them, for the config tests. */
final class ConfigTexts {
    /** The smallest [function] table lamb.toml may have, for tests to add their tables to. */
    static final String FUNCTION = """
            [function]
            name = "hello"
            runtime = "python3.13"
            handler = "handler.handler"
            """;

    private ConfigTexts() {}

    static ProjectConfig parse(String toml) {
        return ProjectConfigLoader.parse(Path.of("."), toml);
    }

    /** The one line the loader refuses {@code toml} with, checked to be a usage error (exit 2). */
    static String message(String toml) {
        LambException e = assertThrows(LambException.class, () -> parse(toml));
        assertEquals(ExitCode.USAGE, e.exitCode());
        return e.getMessage();
    }
}
