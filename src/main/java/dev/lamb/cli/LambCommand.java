package dev.lamb.cli;

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
        subcommands = {
            InitCommand.class,
            PackageCommand.class,
            DeployCommand.class,
            TuneCommand.class,
            LogsCommand.class,
            TracesCommand.class,
            DemoCommand.class,
            StatusCommand.class,
            RollbackCommand.class,
            DestroyCommand.class,
            InvokeCommand.class,
            LocalCommand.class,
            ServeCommand.class,
            CompletionCommand.class,
            picocli.CommandLine.HelpCommand.class,
        },
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
public final class LambCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    private final Terminals terminals;

    LambCommand(Terminals terminals) {
        this.terminals = terminals;
    }

    Terminals terminals() {
        return terminals;
    }

    /** Plain `lamb` is a usage error: show what there is to run. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }
}
