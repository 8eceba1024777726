package dev.lamb.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.local.LocalEvents;

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

    /** An alias only a deployment makes cannot come from the sources: with no local cloud it is not found, and nothing runs. */
    @Test
    void aQualifierWithNoLocalCloudIsNotFound() throws IOException {
        List<String> progress = new ArrayList<>();
        FunctionInvoker invoker = new FunctionInvoker(() -> {
            throw new AssertionError("--local never resolves the deployed function's account");
        }, Optional::empty, "us-east-1", progress::add);
        InvokeRequest request = new InvokeRequest(InvokeRequest.Where.LOCAL, "v1",
                new LocalEvents.Input(null, null, List.of(), List.of(), null, null, "{}"));

        LambException e = assertThrows(LambException.class, () -> invoker.invoke(project(), request));
        assertEquals(ExitCode.NOT_FOUND, e.exitCode());
        assertEquals("greeter is not deployed to the local cloud, so it has no v1: deploy it with 'lamb deploy --local'",
                e.getMessage());
        assertEquals(List.of(), progress);
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
