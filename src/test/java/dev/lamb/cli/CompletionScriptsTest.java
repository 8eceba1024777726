package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lamb.testing.Lamb;

/** completions/ holds what `lamb completion` prints today; a stale file fails here. */
class CompletionScriptsTest {
    @ParameterizedTest
    @CsvSource({"bash, completions/lamb.bash", "zsh, completions/_lamb"})
    void committedScriptsAreFresh(String shell, String file) throws IOException {
        Lamb.Run run = Lamb.run("completion", shell);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("init") && run.out().contains("--runtime"), run.out());
        assertEquals(run.out(), Files.readString(Path.of(file)),
                file + " is stale: regenerate it with bin/update-completions");
    }
}
