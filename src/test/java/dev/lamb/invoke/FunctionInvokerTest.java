package dev.lamb.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;

/** The choices `lamb invoke` makes before anything runs: its flags, and where a function that is not there leads. */
class FunctionInvokerTest {
    @TempDir
    Path dir;

    @Test
    void sourcesAloneIsAUsageErrorThatNamesTheMissingFlag() {
        LambException e = assertThrows(LambException.class, () -> InvokeRequest.Where.of(false, true));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--sources runs the project on this machine: add --local", e.getMessage());
        assertEquals(InvokeRequest.Where.DEPLOYED, InvokeRequest.Where.of(false, false));
        assertEquals(InvokeRequest.Where.LOCAL, InvokeRequest.Where.of(true, false));
        assertEquals(InvokeRequest.Where.SOURCES, InvokeRequest.Where.of(true, true));
    }

    private ProjectConfig project() throws IOException {
        Files.writeString(dir.resolve("lamb.toml"), """
                [function]
                name = "greeter"
                runtime = "python3.13"
                handler = "handler.handler"

                [api]
                routes = ["GET /hello"]
                """);
        return ProjectConfigLoader.load(dir);
    }
}
