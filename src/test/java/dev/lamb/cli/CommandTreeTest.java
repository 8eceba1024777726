package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.lamb.testing.Lamb;
import dev.lamb.ui.Terminals;
import picocli.CommandLine;

/**
 * A command line that names its command gets only that branch of the command tree (issue 18: picocli builds every
 * command's model by reflection, most of a short run's start), and must parse, print and exit exactly as the whole
 * tree does: every command's help, usage errors and their suggestions, version, help and completion.
 */
class CommandTreeTest {
    @Test
    void aNamedCommandGetsOnlyItsBranch() {
        assertEquals(Set.of("deploy"), cli("deploy", "--local").getSubcommands().keySet());
        assertEquals(Set.of("deploy"), cli("--region", "eu-west-1", "--verbose", "--output=json", "deploy").getSubcommands().keySet());
        CommandLine local = cli("local", "--data-dir", "x", "faults", "add").getSubcommands().get("local");
        assertEquals(Set.of("faults"), local.getSubcommands().keySet());
        assertEquals(Set.of("add"), local.getSubcommands().get("faults").getSubcommands().keySet());
        assertEquals(Set.of("set"), cli("secrets", "set", "KEY").getSubcommands().get("secrets").getSubcommands().keySet());
        assertEquals(Set.of(), cli("--verbose", "--version").getSubcommands().keySet());
        assertEquals(Set.of(), cli("local", "-V").getSubcommands().get("local").getSubcommands().keySet());
    }

    @Test
    void anythingElseGetsTheWholeTree() {
        int all = cli().getSubcommands().size();
        assertTrue(all > 10, "every command: " + all);
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help", "deploy"}, new String[] {"completion", "bash"},
                new String[] {"deplyo"}, new String[] {"--help", "deploy"}, new String[] {"--profile", "deploy", "status"},
                new String[] {"--bogus", "deploy"}, new String[] {"--", "deploy"}, new String[] {"@args", "deploy"})) {
            assertEquals(all, cli(args).getSubcommands().size(), String.join(" ", args));
        }
        assertEquals(6, cli("local").getSubcommands().get("local").getSubcommands().size());
    }

    @Test
    void everyCommandsHelpIsTheSameFromItsBranch() {
        List<List<String>> paths = new ArrayList<>();
        CommandLineTest.commandPaths(cli().getSubcommands(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 25, "every command, recursively: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            sameAsTheWholeTree(args.toArray(String[]::new));
        }
    }

    @Test
    void badInputsAnswerAsFromTheWholeTree() {
        for (String line : List.of("", "--version", "-V", "--version deploy", "--verbose --version", "--version --output json",
                "--version --region", "--version nope", "--version -x", "local -V", "local --version strat", "-hV", "-V --help",
                "--help deploy", "help", "help nope", "help local",
                "deplyo", "inti hello", "--output json", "--output", "--output yaml deploy", "--output=yaml deploy",
                "--profile deploy status", "--region", "--bogus deploy", "deploy --bogus", "deploy extra",
                "deploy --output csv", "-- deploy", "deploy -- x", "@/nonexistent deploy", "secrets", "secrets nope",
                "local strat", "local --data-dir", "local --data-dir stop", "local faults", "local faults nope",
                "local faults add --kind nope", "completion fish", "completion", "tune --output sarif --help",
                "--no-color deploy --help", "logs --format bogus", "status --output csv")) {
            sameAsTheWholeTree(line.isEmpty() ? new String[0] : line.split(" "));
        }
    }

    private static void sameAsTheWholeTree(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LambCli.create(args, new PrintWriter(out, true), System.out, new PrintWriter(err, true), Terminals.none())
                .execute(args);
        assertEquals(Lamb.run(args), new Lamb.Run(code, out.toString(), err.toString()), String.join(" ", args));
    }

    private static CommandLine cli(String... args) {
        return LambCli.create(args, new PrintWriter(Writer.nullWriter()), System.out, new PrintWriter(Writer.nullWriter()),
                Terminals.none());
    }
}
