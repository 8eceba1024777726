package dev.lamb.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.lamb.ExitCode;
import dev.lamb.ui.Terminals;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/** Builds lamb's CommandLine with its error handlers, streams and colour choice. */
public final class LambCli {
    private LambCli() {}

    public static CommandLine create() {
        return forArgs(new String[0]);
    }

    /**
     * Runs lamb with these arguments on the process's streams and returns its exit code. A lone `--version` (or
     * `-V`) prints the version as picocli would, without picocli: building even the root command's model is most of
     * its start (issue 18). Only a lone flag: after it, picocli would still parse a command's name.
     */
    public static int execute(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return printVersion(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        }
        return forArgs(args).execute(args);
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
     * The command line that runs these arguments, on the process's streams. For `lamb local ...` it holds only the
     * local commands: picocli reads every command's annotations as it builds them (~0.1 s, ~0.3 s on a busy
     * machine), and a detached `lamb local start` starts two lambs, one after the other. The local commands need
     * nothing of the others (not the list of commands, help or completions), so what they parse, print and
     * exit with is the same.
     */
    public static CommandLine forArgs(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        return create(commandsFor(args), out, System.out, new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                Terminals.system());
    }

    /** The commands a command line for these arguments needs: the local ones for `lamb local ...`, else all. */
    static List<Class<?>> commandsFor(String[] args) {
        return args.length > 0 && args[0].equals(nameOf(LocalCommand.class)) ? List.of(LocalCommand.class) : LambCommand.COMMANDS;
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
        return create(LambCommand.COMMANDS, out, bytes, err, terminals);
    }

    static CommandLine create(List<Class<?>> commands, PrintWriter out, OutputStream bytes, PrintWriter err,
            Terminals terminals) {
        CommandLine cli = new CommandLine(new LambCommand(terminals, bytes));
        // Before the settings below, which reach only the subcommands there are when they are made. A loop, not a
        // method reference: JDK 17 leaves out of the start-up archive the (Java 5) picocli classes that one links.
        for (Class<?> command : commands) {
            cli.addSubcommand(command);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(terminals.colour() ? Ansi.ON : Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        OptionValues.apply(cli);
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
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
