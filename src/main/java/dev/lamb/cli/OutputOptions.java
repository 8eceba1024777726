package dev.lamb.cli;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** How results are shown: options every command takes, set on the root and inherited. */
public final class OutputOptions {
    public enum Format { text, json, csv }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "text|json|csv",
            description = "Result format on stdout: text, json, or csv for tune's and metrics' tables (default: text).")
    Format format = Format.text;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show more detail on stderr, and the stack trace of a failure.")
    boolean verbose;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No colour, even on a terminal (NO_COLOR=1 does the same).")
    void noColor(boolean value) {
        if (value) {
            // Help is rendered after parsing, so switching the scheme here also uncolours `--no-color --help`.
            CommandLine root = mixee.root().commandLine();
            root.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        }
    }

    /** The formats a command prints: csv only for a {@link CsvTable} (and on lamb itself, before the command). */
    static List<String> formatsFor(CommandSpec command) {
        boolean table = command.userObject() instanceof CsvTable || command.parent() == null;
        return table ? List.of("text", "json", "csv") : List.of("text", "json");
    }

    public boolean json() {
        return format == Format.json;
    }

    public boolean csv() {
        return format == Format.csv;
    }
}
