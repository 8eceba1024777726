package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/** completions/ holds what `lamb completion` prints today; a stale file fails here. */
class CompletionScriptsIT {
    @ParameterizedTest
    @CsvSource({"bash, completions/lamb.bash", "zsh, completions/_lamb"})
    void committedScriptsAreFresh(String shell, String file) throws IOException {
        Lamb.Run run = Lamb.run("completion", shell);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("init") && run.out().contains("--runtime"), run.out());
        assertEquals(run.out(), Files.readString(Path.of(file)),
                file + " is stale: regenerate it with bin/update-completions");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "lamb ini|init",
        "lamb init --runtime |python node java go",
        "lamb init --ar|--arch",
        "lamb completion |bash zsh",
        // Issue 11 §10: values for --optimize, --arch, --format, --kind and --service; csv only where it is accepted
        "lamb tune --optimize |cost speed balanced",
        "lamb tune --arch |x86_64 arm64 x86_64\\,arm64",  // bash quotes the comma as it inserts the word
        "lamb logs --format |short long json",
        "lamb local faults add --kind |conflict drop error iam-delay latency throttle",
        "lamb local faults add --service |apigateway iam lambda logs s3 sts xray",
        "lamb tune --output |text json csv",
        "lamb deploy --output |text json",
    })
    void bashCompletesCommandsOptionsAndValues(String line, String expected) {
        Path bash = RequiredTools.require("bash");
        String[] words = (line.endsWith(" ") ? line + "''" : line).split(" ");
        String script = "source completions/lamb.bash\n"
                + "COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length() + "\n"
                + "_complete_lamb 2>/dev/null; echo \"${COMPREPLY[*]}\"\n";
        Processes.Result result = Processes.run(Path.of("").toAbsolutePath(), bash.toString(), "-c", script);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(expected, result.output().strip());
    }
}
