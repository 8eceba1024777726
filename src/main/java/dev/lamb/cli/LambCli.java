package dev.lamb.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import dev.lamb.ExitCode;
import dev.lamb.ui.Terminals;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Builds lamb's CommandLine with its error handlers, streams and colour choice. */
public final class LambCli {
    private LambCli() {}

    public static CommandLine create() {
        return forArgs(new String[0]);
    }

    /**
     * Runs lamb with these arguments on the process's streams and returns its exit code. A lone `--version` (or
     * `-V`) prints the version as picocli would, without picocli: building even the root command's model, with no
     * subcommand, is most of its start (issue 18: ~180 ms of CPU against ~60 ms). Only a lone flag: after it, picocli
     * would still parse a command's name.
     */
    public static int execute(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return printVersion(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        }
        CommandLine cli = forArgs(args);
        if (DetachedLaunch.requested()) {
            DetachedLaunch.onlyDetachedStarts(cli);
        }
        return cli.execute(args);
    }

    /** What picocli's version help prints for lamb (its lines hold no format or markup), and its exit code. */
    static int printVersion(PrintWriter out) {
        for (String line : new VersionProvider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /**
     * The command line that runs these arguments, on the process's streams: only the branch of the command tree
     * they name, as the whole tree would run them (see {@link CommandTree}).
     */
    public static CommandLine forArgs(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        return create(args, out, System.out, new PrintWriter(System.err, true, StandardCharsets.UTF_8), Terminals.system());
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
        return create(new String[0], out, bytes, err, terminals);
    }

    /** With the commands these arguments need: every one for no arguments, which name none. */
    static CommandLine create(String[] args, PrintWriter out, OutputStream bytes, PrintWriter err, Terminals terminals) {
        CommandLine cli = new CommandLine(new LambCommand(terminals, bytes));
        // Before the settings below, which reach only the subcommands there are when they are made.
        CommandTree.addFor(cli, args);
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
