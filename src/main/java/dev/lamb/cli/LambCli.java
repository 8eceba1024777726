package dev.lamb.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import dev.lamb.ui.Terminals;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Builds lamb's CommandLine with its error handlers, streams and colour choice. */
public final class LambCli {
    private LambCli() {}

    public static CommandLine create() {
        return create(System.out, new PrintWriter(System.err, true, StandardCharsets.UTF_8), Terminals.system());
    }

    /** Text goes to {@code out} through a UTF-8 writer, and a body that is not text as its bytes. */
    public static CommandLine create(OutputStream out, PrintWriter err, Terminals terminals) {
        return create(new PrintWriter(out, true, StandardCharsets.UTF_8), out, err, terminals);
    }

    /**
     * For a caller that has only a writer for stdout: a body that is not text reaches it one char per byte
     * (ISO-8859-1), so that no byte is lost, though it is no longer the file a shell redirect would write.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, Terminals terminals) {
        return create(out, onto(out), err, terminals);
    }

    /** {@code out} writes text into {@code bytes}, where a body that is not text goes as it is. */
    public static CommandLine create(PrintWriter out, OutputStream bytes, PrintWriter err, Terminals terminals) {
        CommandLine cli = new CommandLine(new LambCommand(terminals, bytes));
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(terminals.colour() ? Ansi.ON : Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        OptionValues.apply(cli);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli;
    }

    private static OutputStream onto(PrintWriter out) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b & 0xff);
            }

            @Override
            public void flush() {
                out.flush();
            }
        };
    }
}
