package dev.lamb.config;

import static dev.lamb.config.ConfigTexts.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void missingFileSaysHowToMakeOne(@TempDir Path dir) {
        LambException e = assertThrows(LambException.class, () -> ProjectConfigLoader.load(dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(true, e.getMessage().contains("lamb init"), e.getMessage());
    }

    /** Issue 11 (9): 2^64 + 512 wrapped to 512 when read as a long; every whole-number key is checked whole. */
    @Test
    void numbersPast64BitsAreOutOfRangeNotWrapped() {
        assertEquals("lamb.toml:5: function.memory must be a whole number from 128 to 10240 MB, not 18446744073709552128",
                message(MINIMAL + "memory = 18446744073709552128\n"));
        assertEquals("lamb.toml:5: function.timeout must be a whole number from 1 to 900 seconds, not 4294967306",
                message(MINIMAL + "timeout = 4294967306\n"));
    }

    /**
     * Lambda measures the environment as one JSON object ("String measured: {...}" in its error), 4 KB
     * (4,096 bytes) at most: {"BIG":"x…"} is 10 bytes plus the value.
     */
    @Test
    void theEnvironmentMayFillFourKilobytesAsLambdaMeasuresThemButNoMore() {
        String table = MINIMAL + "\n[function.environment]\nBIG = \"";
        ProjectConfig atLimit = ProjectConfigLoader.parse(Path.of("."), table + "x".repeat(4086) + "\"\n");
        assertEquals(4086, atLimit.function().environment().get("BIG").length());
        assertEquals("lamb.toml:6: function.environment is 4097 bytes as Lambda measures it (the variables as one JSON "
                + "object), over Lambda's 4 KB (4,096 bytes) for all of them: shorten or remove values, or keep large "
                + "ones in SSM Parameter Store or Secrets Manager", message(table + "x".repeat(4087) + "\"\n"));
    }

    @Test
    void anEmptyRouteListIsRefused() {
        assertEquals("lamb.toml:6: api.routes is empty, so the API would answer nothing: list a route such as "
                + "[\"GET /hello\"], or leave the key out for GET /hello", message(MINIMAL + "[api]\nroutes = []\n"));
    }

    @Test
    void bytesThatAreNotUtf8NameTheirLine() {
        byte[] text = (MINIMAL + "[api]\nstage = \"caf\u00e9\"\n").getBytes(StandardCharsets.ISO_8859_1);
        LambException e = assertThrows(LambException.class, () -> ProjectConfigLoader.utf8(text));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("lamb.toml:6: byte 0xe9 is not UTF-8: save lamb.toml as UTF-8", e.getMessage());
    }
}
