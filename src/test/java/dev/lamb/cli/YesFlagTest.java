package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lamb.ui.Terminals;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 11 (5): `-y` means `--yes` on every command that takes `--yes` (deploy took only the long form). */
class YesFlagTest {
    @Test
    void everyCommandWithYesTakesDashY() {
        CommandLine cli = LambCli.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                Terminals.none());
        List<String> withYes = new ArrayList<>();
        walk(cli, withYes);
        assertFalse(withYes.isEmpty());
        assertTrue(withYes.contains("deploy"), withYes.toString());
    }

    private static void walk(CommandLine command, List<String> withYes) {
        OptionSpec yes = command.getCommandSpec().findOption("--yes");
        if (yes != null) {
            String name = command.getCommandName();
            withYes.add(name);
            assertEquals(yes, command.getCommandSpec().findOption("-y"), name + " takes --yes but not -y");
        }
        command.getSubcommands().values().forEach(sub -> walk(sub, withYes));
    }

    @Test
    void deployDashYSetsYes() {
        CommandLine cli = LambCli.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                Terminals.none());
        CommandLine.ParseResult parsed = cli.parseArgs("deploy", "-y");
        assertTrue(parsed.subcommand().matchedOptionValue("--yes", false));
    }
}
