package dev.lamb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.DestroyPlan;
import dev.lamb.deploy.DestroyResult;
import dev.lamb.deploy.Destroyer;
import dev.lamb.ui.Prompter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "destroy", mixinStandardHelpOptions = true,
        header = "Remove what 'lamb deploy' made, and nothing else.",
        description = {"Remove what 'lamb deploy' made: the REST API, the function with its versions, aliases and "
                + "permissions, lamb's role and the log group, each only with lamb's tag for this project (anything else "
                + "found is listed as left alone). Whatever part of it exists, as after a half-finished deploy. Asks first on "
                + "a terminal; elsewhere it needs --yes. With --stage, only that stage: its API stage and its alias with its "
                + "permissions; the function, API, role and log group stay for the other stages."})
final class DestroyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Option(names = {"-y", "--yes"}, description = "Do not ask: remove everything found.")
    boolean yes;

    @Option(names = "--keep-logs", description = "Leave the log group and its logs in place.")
    boolean keepLogs;

    @Option(names = "--dry-run", description = "Print what would be removed, and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        boolean ask = !yes && !dryRun;
        if (ask && !root.terminals().interactive()) {
            throw LambException.usage("destroy deletes the deployed function and what goes with it: pass --yes to confirm "
                    + "without a terminal");
        }
        ProjectConfig config = stage.of(project.load());
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        AwsTarget target = root.aws.target(printer::progress);
        DestroyResult result;
        try (AwsClients aws = new AwsClients(target, printer::progress)) {
            aws.requireCredentials();
            Destroyer destroyer = new Destroyer(aws, target.region(), printer::progress);
            DestroyPlan plan = stage.given() ? destroyer.planStage(config) : destroyer.plan(config, keepLogs);
            if (plan.empty() || dryRun) {
                result = DestroyResult.planned(plan, dryRun);
            } else {
                if (ask && !confirmed(plan, printer)) {
                    // Declining is an answer, not a failure: exit 0, as after 'nothing to destroy'.
                    printer.progress("destroy cancelled: nothing was removed");
                    return ExitCode.OK.code();
                }
                result = destroyer.destroy(plan);
            }
        }
        printer.result(result, out -> print(out, result));
        return ExitCode.OK.code();
    }

    private boolean confirmed(DestroyPlan plan, ResultPrinter printer) throws IOException {
        printer.progress("lamb destroy removes from " + plan.region() + ":");
        plan.removals().forEach(r -> printer.progress("  " + r.describe()));
        try (Prompter prompter = new Prompter(root.terminals().open())) {
            String answer = prompter.ask("Destroy " + (stage.given() ? "stage " + stage.stage + " of " : "") + plan.function() + "? (yes/no)", "no",
                    a -> a.matches("(?i)y|yes|n|no"), "answer yes or no");
            return answer.toLowerCase(Locale.ROOT).startsWith("y");
        }
    }

    private static void print(PrintWriter out, DestroyResult result) {
        if (result.removed().isEmpty()) {
            out.println("nothing to destroy");
        } else {
            String where = result.function() + " in " + result.region();
            out.println(result.dryRun() ? "would destroy " + where + " (nothing was changed):" : "destroyed " + where + ":");
            result.removed().forEach(r -> out.println("  " + (result.dryRun() ? "would delete " : "deleted ") + r.describe()));
        }
        result.kept().forEach(k -> out.println("  " + (result.dryRun() ? "would keep " : "kept ") + k));
    }
}
