package dev.lamb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

class ProjectConfigLoaderTest {
    private static final String MINIMAL = """
            [function]
            name = "hello"
            runtime = "python3.13"
            handler = "handler.handler"
            """;

    @Test
    void fillsDefaults() {
        ProjectConfig c = ProjectConfigLoader.parse(Path.of("."), MINIMAL);
        assertEquals("x86_64", c.function().architecture());
        assertEquals(128, c.function().memory());
        assertEquals(10, c.function().timeout());
        assertEquals(14, c.function().logRetentionDays());
        assertEquals(true, c.function().tracing());
        assertEquals(Map.of(), c.function().environment());
        assertEquals("dev", c.api().stage());
        assertEquals("GET /hello", c.api().routes().get(0).toString());
        assertEquals("128..1024", c.tune().memory());
    }

    @Test
    void unknownKeyNamesItsLineAndTheLikelyKey() {
        String text = MINIMAL + "memroy = 512\n";
        assertEquals("lamb.toml:5: unknown key 'function.memroy' (did you mean 'memory'?)", message(text));
    }

    @Test
    void badValuesNameKeyLineAndRule() {
        assertEquals("lamb.toml:5: function.memory must be a whole number from 128 to 10240 MB, not 64",
                message(MINIMAL + "memory = 64\n"));
        assertEquals("lamb.toml:5: function.architecture must be x86_64 or arm64, not 'amd64'",
                message(MINIMAL + "architecture = \"amd64\"\n"));
        assertEquals("lamb.toml:7: 'AWS_REGION' is reserved by Lambda and cannot be set",
                message(MINIMAL + "\n[function.environment]\nAWS_REGION = \"x\"\n"));
        assertEquals("lamb.toml:6: \"/hello\" is not a route: write \"METHOD /path\", such as \"GET /hello\"",
                message(MINIMAL + "[api]\nroutes = [\"/hello\"]\n"));
    }

    @Test
    void brokenTomlIsAUsageError() {
        LambException e = assertThrows(LambException.class,
                () -> ProjectConfigLoader.parse(Path.of("."), "[function\nname = 1"));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void missingFileSaysHowToMakeOne(@org.junit.jupiter.api.io.TempDir Path dir) {
        LambException e = assertThrows(LambException.class, () -> ProjectConfigLoader.load(dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(true, e.getMessage().contains("lamb init"), e.getMessage());
    }

    private static String message(String toml) {
        LambException e = assertThrows(LambException.class, () -> ProjectConfigLoader.parse(Path.of("."), toml));
        assertEquals(ExitCode.USAGE, e.exitCode());
        return e.getMessage();
    }
}
