package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Lamb;
import dev.lamb.ui.Terminals;

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
        assertEquals(List.of(LocalCommand.class), LambCli.commandsFor(new String[] {"local", "start", "--detach"}));
        assertEquals(LambCommand.COMMANDS, LambCli.commandsFor(new String[] {"--output", "json", "local", "status"}));
        assertEquals(LambCommand.COMMANDS, LambCli.commandsFor(new String[] {"help", "local"}));
        assertEquals(LambCommand.COMMANDS, LambCli.commandsFor(new String[0]));
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
        int code = LambCli.create(LambCli.commandsFor(args), text, System.out, new PrintWriter(err, true), Terminals.none())
                .execute(args);
        return new Lamb.Run(code, out.toString(), err.toString());
    }
}
