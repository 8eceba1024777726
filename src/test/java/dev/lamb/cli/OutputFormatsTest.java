package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Issue 13 §4: no shared class tests a command's name. --output csv went to the command named "tune";
 * now it goes to the command that says it prints a CSV table, whatever its name.
 */
class OutputFormatsTest {
    @Command(name = "lamb", subcommands = {NamedTune.class, SizesTable.class})
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "tune")
    static final class NamedTune implements Runnable {
        @Override
        public void run() {}
    }

    @Command(name = "sizes")
    static final class SizesTable implements Runnable, CsvTable {
        @Override
        public void run() {}
    }

    @Test
    void csvIsForTheCommandsThatSayTheyPrintATable() {
        CommandLine root = new CommandLine(new Root());
        assertEquals(List.of("text", "json", "csv"), OutputOptions.formatsFor(root.getSubcommands().get("sizes").getCommandSpec()));
        assertEquals(List.of("text", "json"), OutputOptions.formatsFor(root.getSubcommands().get("tune").getCommandSpec()));
        assertEquals(List.of("text", "json", "csv", "sarif"), OutputOptions.formatsFor(root.getCommandSpec()),
                "on lamb itself --output comes before the command, so any format may follow");
    }
}
