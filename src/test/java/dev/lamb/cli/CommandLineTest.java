package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.lamb.testing.Lamb;
import dev.lamb.ui.Terminals;
import picocli.CommandLine;

class CommandLineTest {
    @Test
    void helpListsEveryCommand() {
        Lamb.Run run = Lamb.run("--help");
        assertEquals(0, run.exitCode());
        CommandLine cli = LambCli.create(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Terminals.none());
        assertFalse(cli.getSubcommands().isEmpty());
        for (String command : cli.getSubcommands().keySet()) {
            assertTrue(run.out().contains("\n  " + command + " "), command + " missing from --help:\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes:"), run.out());
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        CommandLine cli = LambCli.create(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Terminals.none());
        for (String command : cli.getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            Lamb.Run run = Lamb.run(command, "--help");
            assertEquals(0, run.exitCode(), command + ": " + run.err());
            assertTrue(run.out().startsWith("Usage: lamb " + command), run.out());
        }
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Lamb.Run run = Lamb.run("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("lamb \\d+\\.\\d+\\.\\d+\\S*\\n"), run.out());
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

    @Test
    void noCommandShowsUsageOnStderrAndExits2() {
        Lamb.Run run = Lamb.run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Usage: lamb"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void globalOptionsAreAcceptedAfterTheCommand() {
        Lamb.Run run = Lamb.run("completion", "bash", "--no-color", "--region", "eu-west-1", "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
    }
}
