package dev.lamb.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.lamb.cli.LambCli;
import dev.lamb.ui.Terminals;

/** Runs lamb in-process as a user would from a shell, capturing what it prints and its exit code. */
public final class Lamb {
    public record Run(int exitCode, String out, String err) {}

    private Lamb() {}

    public static Run run(String... args) {
        return run(Terminals.none(), args);
    }

    public static Run run(Terminals terminals, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LambCli.create(new PrintWriter(out, true), new PrintWriter(err, true), terminals).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
