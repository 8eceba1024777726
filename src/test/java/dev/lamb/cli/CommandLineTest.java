package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Lamb;
import dev.lamb.ui.Terminals;
import picocli.CommandLine;

class CommandLineTest {
    @Test
    void helpListsEveryCommand() {
        Lamb.Run run = Lamb.run("--help");
        assertEquals(0, run.exitCode());
        CommandLine cli = newCli();
        assertFalse(cli.getSubcommands().isEmpty());
        for (String command : cli.getSubcommands().keySet()) {
            assertTrue(run.out().contains("\n  " + command + " "), command + " missing from --help:\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes:"), run.out());
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        CommandLine cli = newCli();
        for (String command : cli.getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            Lamb.Run run = Lamb.run(command, "--help");
            assertEquals(0, run.exitCode(), command + ": " + run.err());
            assertTrue(("\n" + run.out()).contains("\nUsage: lamb " + command + " "), run.out());
        }
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Lamb.Run run = Lamb.run("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("lamb \\d+\\.\\d+\\.\\d+\\S*\\n"), run.out());
    }

    /** `lamb --version` and `-V` alone skip picocli (issue 18: its start), so they must print what picocli prints. */
    @Test
    void aLoneVersionFlagPrintsWhatPicocliPrints() {
        for (String flag : List.of("--version", "-V")) {
            Writer out = new StringWriter();
            int code = LambCli.printVersion(new PrintWriter(out));
            assertEquals(Lamb.run(flag), new Lamb.Run(code, out.toString(), ""), flag);
        }
    }

    @Test
    void unknownOptionGetsOneShortMessageWithSuggestion() {
        Lamb.Run run = Lamb.run("init", "--frce");
        assertEquals(2, run.exitCode());
        assertEquals("lamb: unknown option '--frce'\nDid you mean '--force'?\nSee 'lamb init --help'.\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void mistypedCommandIsSuggested() {
        Lamb.Run run = Lamb.run("inti", "hello");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("lamb: unknown command 'inti'\nDid you mean 'init'?\n"), run.err());
        assertFalse(run.err().contains("at dev.lamb"), "no stack trace: " + run.err());
    }

    @Test
    void farOffWordsGetNoSuggestion() {
        Lamb.Run run = Lamb.run("--zzzzzz");
        assertEquals(2, run.exitCode());
        assertFalse(run.err().contains("Did you mean"), run.err());
    }

    /** Issue 11 §10: `lamb` with no arguments prints a short usage and exits 2. */
    @Test
    void noCommandShowsAShortUsageOnStderrAndExits2() {
        Lamb.Run run = Lamb.run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Usage: lamb [OPTIONS] COMMAND\nCommands: init, invoke, package, deploy,"), run.err());
        assertTrue(run.err().lines().count() <= 4, "short, not the whole help:\n" + run.err());
        assertEquals("", run.out());
    }

    /** Issue 11 §10: `lamb tune --help` and `lamb logs --help` printed "[picocli WARN] Could not format" (a bare %). */
    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        List<List<String>> paths = new ArrayList<>();
        commandPaths(newCli().getSubcommands(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "every command, recursively: " + paths);
        PrintStream stderr = System.err;
        ByteArrayOutputStream picocliWarnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(picocliWarnings, true, StandardCharsets.UTF_8));
        try {
            for (List<String> path : paths) {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                Lamb.Run run = Lamb.run(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), path + ": " + run.err());
                assertEquals("", run.err(), path.toString());
                assertFalse(run.out().contains("WARN"), path + ":\n" + run.out());
                assertEquals("", picocliWarnings.toString(StandardCharsets.UTF_8), path.toString());
            }
        } finally {
            System.setErr(stderr);
        }
    }

    private static void commandPaths(Map<String, CommandLine> commands, List<String> parent, List<List<String>> into) {
        commands.forEach((name, command) -> {
            List<String> path = new ArrayList<>(parent);
            path.add(name);
            into.add(path);
            commandPaths(command.getSubcommands(), path, into);
        });
    }

    /** Issue 11 §10: one-line summaries in the order of a function's life, init … destroy, then local, serve, demo. */
    @Test
    void commandListIsOneLineEachInTheOrderOfAFunctionsLife() {
        Lamb.Run run = Lamb.run("--help");
        String list = run.out().substring(run.out().indexOf("Commands:\n") + 10, run.out().indexOf("\nExit codes:"));
        List<String> names = list.lines().filter(l -> !l.isBlank()).map(l -> {
            assertTrue(l.startsWith("  ") && !l.startsWith("   "), "a summary takes one line:\n" + list);
            return l.strip().split(" ")[0];
        }).toList();
        assertEquals(List.of("init", "invoke", "package", "deploy", "secrets", "status", "logs", "traces", "metrics", "audit", "tune",
                "promote", "rollback",
                "destroy", "local", "serve", "demo", "completion", "help"), names);
    }

    /** Issue 11 §10: enum values in lower case in errors (short|long|json, not SHORT LONG JSON). */
    @Test
    void enumValuesAreLowerCaseInErrors() {
        Lamb.Run run = Lamb.run("logs", "--format", "bogus");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("lamb: Invalid value for option '--format': 'bogus' is not one of short|long|json\n"),
                run.err());
        Lamb.Run shell = Lamb.run("completion", "fish");
        assertEquals(2, shell.exitCode());
        assertTrue(shell.err().startsWith("lamb: Invalid value for positional parameter at index 0 (SHELL): 'fish' is not one of bash|zsh\n"),
                shell.err());
        Lamb.Run help = Lamb.run("logs", "--help");
        assertTrue(help.out().contains("--format=short|long|json"), help.out());
        assertFalse(help.out().contains("SHORT"), help.out());
    }

    /** Issue 11 §10: --output csv only where a command accepts it (tune's and metrics' tables), in help and in parsing. */
    @Test
    void outputCsvIsOnlyForTune() {
        Lamb.Run deploy = Lamb.run("deploy", "--output", "csv");
        assertEquals(2, deploy.exitCode());
        assertTrue(deploy.err().startsWith("lamb: Invalid value for option '--output': 'csv' is not one of text|json\n"),
                deploy.err());
        assertTrue(Lamb.run("deploy", "--help").out().contains("--output=text|json "));
        assertTrue(Lamb.run("tune", "--help").out().contains("--output=text|json|csv"));
        assertTrue(Lamb.run("metrics", "--help").out().contains("--output=text|json|csv"));
        assertTrue(Lamb.run("deploy", "--output", "JSON", "--help").out().contains("(default: text)"));
    }

    /** --output on lamb itself reaches the command, as --output after it does, now that each command has its own values. */
    @Test
    void outputBeforeTheCommandStillCounts(@TempDir Path tmp) {
        Lamb.Run run = Lamb.run("--output", "json", "init", "early", "--yes", "--dir", tmp.resolve("early").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\"name\":\"early\""), run.out());
    }

    @Test
    void globalOptionsAreAcceptedAfterTheCommand() {
        Lamb.Run run = Lamb.run("completion", "bash", "--no-color", "--region", "eu-west-1", "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
    }

    private static CommandLine newCli() {
        return LambCli.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), Terminals.none());
    }
}
