package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.testing.Lamb;

/** Issue 11, section 3: init writes tune.event = "events/hello.json" for every runtime, and the file is there. */
class TuneEventTemplateTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"python", "node", "java", "go"})
    void initNamesTheHelloEventAsTunesEvent(String runtime) throws Exception {
        Path dir = work.resolve(runtime);
        Lamb.Run run = Lamb.run("init", "fn-" + runtime, "--runtime", runtime, "--yes", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        ProjectConfig config = ProjectConfigLoader.load(dir);
        assertEquals("events/hello.json", config.tune().event());
        assertTrue(Files.readString(dir.resolve(config.tune().event())).contains("\"name\": \"World\""),
                "the event is the request that succeeds: GET /hello?name=World");
    }
}
