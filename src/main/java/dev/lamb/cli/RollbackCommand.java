package dev.lamb.cli;

import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.deploy.Rollback;
import dev.lamb.deploy.RollbackResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        header = "Point the alias back at the previous version.",
        description = {"Point the stage's alias back at the version it served before (lamb keeps that list in the "
                + "alias's description), or at --to VERSION. The next 'lamb deploy' publishes the local code again."})
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Option(names = "--to", paramLabel = "VERSION", description = "The published version to move the alias to.")
    String to;

    @Option(names = "--dry-run", description = "Say which version the alias would move to, and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        var config = stage.of(project.load());
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        AwsTarget target = root.aws.target(printer::progress);
        RollbackResult result;
        try (AwsClients aws = new AwsClients(target)) {
            result = new Rollback(aws, target.region(), printer::progress).run(config, to, dryRun);
        }
        printer.result(result, out -> {
            if (!result.moved()) {
                out.println(result.alias() + ": already at version " + result.to() + "; nothing to do");
            } else {
                out.println((result.dryRun() ? "would move " : "") + result.alias() + ": version " + result.from() + " -> "
                        + result.to() + (result.dryRun() ? " (nothing was changed)" : ""));
            }
        });
        return ExitCode.OK.code();
    }
}
