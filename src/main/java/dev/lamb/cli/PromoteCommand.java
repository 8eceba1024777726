package dev.lamb.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.deploy.Change;
import dev.lamb.deploy.PromoteResult;
import dev.lamb.deploy.Promotion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "promote", mixinStandardHelpOptions = true,
        header = "Move a stage to the version another stage serves.",
        description = {"Point TO's alias at the version FROM's alias serves, without building or uploading anything. "
                + "When TO's settings in lamb.toml ([stage.TO] over [function]) differ from that version's, publish a version "
                + "of the same code with TO's settings first, and say so. TO's API stage and permission are made when TO was "
                + "never deployed. Until its alias moves, last, TO serves what it served."})
final class PromoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Parameters(index = "0", paramLabel = "FROM", description = "The stage whose version is promoted, such as dev.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The stage that gets it, such as prod.")
    String to;

    @Option(names = "--dry-run", description = "Print what would be published, moved or made, and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        var config = project.load();
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        AwsTarget target = root.aws.target(printer::progress);
        PromoteResult result;
        try (AwsClients aws = new AwsClients(target, printer::progress)) {
            result = new Promotion(aws, target, printer::progress).promote(config, from, to, dryRun);
        }
        printer.result(result, out -> print(out, result));
        return ExitCode.OK.code();
    }

    private static void print(PrintWriter out, PromoteResult r) {
        String settings = String.join(", ", r.settings());
        if (r.dryRun()) {
            out.println("plan for promoting " + r.from() + " (version " + r.fromVersion() + ") to " + r.to() + " (nothing was changed):");
            for (Change c : r.changes()) {
                out.println("  " + c.action().describe(true) + " " + c.resource() + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")"));
            }
            return;
        }
        if (r.published()) {
            out.println("published version " + r.version() + ": version " + r.fromVersion() + "'s code with " + r.to() + "'s settings ("
                    + settings + ")");
        } else if (!r.settings().isEmpty()) {
            out.println("version " + r.version() + " has version " + r.fromVersion() + "'s code with " + r.to() + "'s settings ("
                    + settings + ")");
        }
        if (!r.changed()) {
            out.println(r.to() + " already serves version " + r.version() + "; nothing to do");
        } else {
            out.println("promoted " + r.from() + " to " + r.to() + ": " + r.to() + " -> version " + r.version()
                    + (r.previous() == null ? " (new stage)" : r.previous().equals(r.version()) ? "" : " (was " + r.previous() + ")"));
        }
        r.urls().forEach(out::println);
    }
}
