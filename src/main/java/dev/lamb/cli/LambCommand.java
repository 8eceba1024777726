package dev.lamb.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.ui.Terminals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "lamb",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "The whole life of an AWS Lambda function, from the terminal.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok (a deploy with nothing to change is ok too)",
            "1:failed",
            "2:usage error: a bad flag, name or file",
            "3:credentials or permissions",
            "4:not found",
            "5:throttled or a service limit",
            "130:interrupted",
        },
        footer = "%nRun 'lamb COMMAND --help' for a command's options.")
/** lamb itself: the options every command takes, and its commands (see {@link CommandTree}). */
public final class LambCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    private final Terminals terminals;
    private final OutputStream stdout;

    LambCommand(Terminals terminals, OutputStream stdout) {
        this.terminals = terminals;
        this.stdout = stdout;
    }

    Terminals terminals() {
        return terminals;
    }

    /** Standard output as bytes, under the command line's writer: for a body that is not text (flush the writer first). */
    OutputStream stdout() {
        return stdout;
    }

    /** Plain `lamb` is a usage error: a short reminder of what there is to run, not the whole help. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Usage: lamb [OPTIONS] COMMAND");
        err.println("Commands: " + String.join(", ", spec.subcommands().keySet()));
        err.println("Run 'lamb --help' for what each one does.");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
