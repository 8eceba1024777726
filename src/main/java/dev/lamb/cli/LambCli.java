package dev.lamb.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import dev.lamb.ui.Terminals;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Builds lamb's CommandLine with its error handlers, streams and colour choice. */
public final class LambCli {
    private LambCli() {}

    public static CommandLine create() {
        return create(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), Terminals.system());
    }

    public static CommandLine create(PrintWriter out, PrintWriter err, Terminals terminals) {
        CommandLine cli = new CommandLine(new LambCommand(terminals));
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(terminals.colour() ? Ansi.ON : Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        OptionValues.apply(cli);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli;
    }
}
