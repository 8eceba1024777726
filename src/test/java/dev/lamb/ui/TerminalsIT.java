package dev.lamb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/**
 * Review 16, item 9: DESIGN §3 draws progress bars "only on a terminal, never in pipes or CI logs", and the upload bar
 * redraws its line on stderr. At a terminal whose stderr goes to a file ({@code lamb deploy 2>deploy.log}) a person still
 * answers prompts, but no bar is drawn. util-linux's script gives the probe a pseudo-terminal for stdin and stdout.
 */
class TerminalsIT {
    @TempDir
    static Path work;

    @Test
    void aBarNeedsStderrToBeATerminalToo() {
        Path script = RequiredTools.require("script");
        assertEquals("interactive=true progress=true", probe(script, ""), "stderr on the terminal");
        assertEquals("interactive=true progress=false", probe(script, " 2>'" + work.resolve("deploy.log") + "'"), "stderr to a file");
    }

    /** The probe's line, run under a pseudo-terminal with its stderr redirected as {@code redirect} says. */
    private static String probe(Path script, String redirect) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + TerminalsProbe.class.getName() + redirect;
        Processes.Result run = Processes.run(work, Map.of(), 60, List.of(script.toString(), "-qec", command, "/dev/null"));
        assertEquals(0, run.exitCode(), run.output());
        String line = run.output().strip();
        assertTrue(line.startsWith("interactive="), run.output());
        return line;
    }
}
