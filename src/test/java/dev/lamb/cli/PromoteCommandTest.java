package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.config.StageName;
import dev.lamb.testing.Lamb;

/**
 * `lamb promote`'s bad input, refused before any AWS call (the endpoint is a closed port): one line, exit 2.
 * Promoting works end to end in dev.lamb.deploy.StagesIT.
 */
class PromoteCommandTest {
    @TempDir
    Path dir;

    @Test
    void theSameStageTwiceOrABadNameIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("lamb.toml"), """
                [function]
                name = "hello"
                runtime = "python3.13"
                handler = "handler.handler"
                """);
        Lamb.Run same = promote("dev", "dev");
        assertEquals(2, same.exitCode(), same.err());
        assertEquals("lamb: promote dev dev: FROM and TO are the same stage; name two stages, such as 'lamb promote dev prod'\n",
                same.err());
        Lamb.Run bad = promote("dev", "pro-d");
        assertEquals(2, bad.exitCode(), bad.err());
        assertEquals("lamb: promote: 'pro-d' is not a stage name: " + StageName.RULE + "\n", bad.err());
        Lamb.Run missing = Lamb.run("promote", "dev", "--dir", dir.toString());
        assertEquals(2, missing.exitCode(), missing.err());
    }

    private Lamb.Run promote(String from, String to) {
        return Lamb.run("promote", from, to, "--dir", dir.toString(), "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1");
    }
}
