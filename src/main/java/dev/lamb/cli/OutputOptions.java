package dev.lamb.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** How results are shown: options every command takes, set on the root and inherited. */
public final class OutputOptions {
    public enum Format { text, json, csv, sarif }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "text|json|csv|sarif",
            description = "Result format on stdout: text, json, csv for tune's and metrics' tables, or sarif for audit's findings "
                    + "(default: text).")
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

    /**
     * The formats a command prints: csv only for a {@link CsvTable}, sarif only for a {@link SarifLog} (and both on lamb
     * itself, before the command).
     */
    static List<String> formatsFor(CommandSpec command) {
        boolean root = command.parent() == null;
        List<String> formats = new ArrayList<>(List.of("text", "json"));
        if (command.userObject() instanceof CsvTable || root) {
            formats.add("csv");
        }
        if (command.userObject() instanceof SarifLog || root) {
            formats.add("sarif");
        }
        return formats;
    }

    public boolean json() {
        return format == Format.json;
    }

    public boolean csv() {
        return format == Format.csv;
    }

    public boolean sarif() {
        return format == Format.sarif;
    }
}
