package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Lamb;
import dev.lamb.ui.Terminals;
import picocli.CommandLine;

/**
 * `lamb local ...` builds only the local commands (a detached start runs two lambs, each sooner by the rest of the
 * tree), and so must parse, print and exit exactly as the whole command line does: help, usage errors and their
 * suggestions, inherited options, results.
 */
class LocalCommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void onlyLocalCommandsAreBuiltForThem() {
        assertEquals(Set.of("local"), cli("local", "start", "--detach").getSubcommands().keySet());
        assertEquals(Set.of("start"), cli("local", "start", "--detach").getSubcommands().get("local").getSubcommands().keySet());
        assertEquals(Set.of("local"), cli("--output", "json", "local", "status").getSubcommands().keySet());
        assertTrue(cli("help", "local").getSubcommands().size() > 1);
        assertTrue(cli().getSubcommands().size() > 1);
    }


    @Test
    void localCommandsAnswerAsTheWholeCommandLineDoes() {
        String data = tmp.toString();
        List<List<String>> runs = new ArrayList<>();
        for (String command : List.of("", "start", "status", "stop", "reset", "faults", "faults add", "operations")) {
            List<String> args = new ArrayList<>(List.of("local"));
            args.addAll(command.isEmpty() ? List.of() : List.of(command.split(" ")));
            args.add("--help");
            runs.add(args);
        }
        runs.addAll(List.of(
                List.of("local"),
                List.of("local", "strat"),
                List.of("local", "start", "--detatch"),
                List.of("local", "start", "--port", "nope"),
                List.of("local", "start", "--detach", "extra"),
                List.of("local", "start", "--detach", "--max-instances", "0", "--data-dir", data),
                List.of("local", "start", "--detach", "--async-delay-scale", "2", "--data-dir", data),
                List.of("local", "faults", "add", "--kind", "nope"),
                List.of("local", "status", "--output", "yaml"),
                List.of("local", "status", "--output", "json", "--data-dir", data),
                List.of("local", "status", "--region", "eu-west-1", "--data-dir", data),
                List.of("local", "stop", "--data-dir", data),
                List.of("local", "operations")));
        for (List<String> args : runs) {
            String[] given = args.toArray(String[]::new);
            Lamb.Run whole = Lamb.run(given);
            Lamb.Run local = run(given);
            assertEquals(whole, local, String.join(" ", args));
        }
        assertNotEquals(0, Lamb.run("local", "strat").exitCode(), "the runs above include failures");
    }

    private static Lamb.Run run(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter text = new PrintWriter(out, true);
        int code = LambCli.create(args, text, System.out, new PrintWriter(err, true), Terminals.none())
                .execute(args);
        return new Lamb.Run(code, out.toString(), err.toString());
    }

    private static CommandLine cli(String... args) {
        return LambCli.create(args, new PrintWriter(Writer.nullWriter()), System.out, new PrintWriter(Writer.nullWriter()), Terminals.none());
    }
}
