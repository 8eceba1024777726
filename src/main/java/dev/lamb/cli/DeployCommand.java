package dev.lamb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.build.PackageResult;
import dev.lamb.config.ConfigWarnings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.Change;
import dev.lamb.deploy.DeployResult;
import dev.lamb.deploy.Deployer;
import dev.lamb.local.ExampleQuery;
import dev.lamb.ui.Prompter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        header = "Create or update the function, its role, alias and API.",
        description = {"Package the project and bring its function, role, log group, version, alias and REST API up to date "
                + "with direct AWS calls, changing only what differs. Run it again to finish a deploy that failed or was "
                + "interrupted; with nothing to change it makes no write and exits 0."})
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Option(names = "--stage", paramLabel = "STAGE", description = "API Gateway stage (default: api.stage in lamb.toml, else dev).")
    String stage;

    @Option(names = "--dry-run", description = "Print what would be created, updated or left alone, and change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask before a first deploy creates the function in an AWS account "
            + "(asked on a terminal only).")
    boolean yes;

    @Option(names = "--force-upload", description = "Upload the code even when its CodeSha256 matches the deployed one.")
    boolean forceUpload;

    @Override
    public Integer call() {
        ProjectConfig config = project.load();
        if (stage != null) {
            config = config.withStage(stage);
        }
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ConfigWarnings.of(config).forEach(w -> printer.progress("lamb: warning: " + w));
        // Where the calls go is settled first: a missing region is said before a build that may take a while.
        AwsTarget target = root.aws.target(printer::progress);
        PackageResult pkg = project.pack(config, printer::progress);
        DeployResult result;
        Deployer.Code code = new Deployer.Code(pkg.bytes(), pkg.codeSha256());
        try (AwsClients aws = new AwsClients(target)) {
            Deployer deployer = new Deployer(aws, target, printer::progress);
            // Only a first deploy asks, so the plan (every step's reads again) is made only then.
            if (!dryRun && !yes && target.endpoint() == null && root.terminals().interactive() && deployer.isFirstDeploy(config)) {
                confirmFirstDeploy(new Deployer(aws, target, line -> {}).deploy(config, code, true, forceUpload));
            }
            result = deployer.deploy(config, code, dryRun, forceUpload);
        }
        ProjectConfig deployed = config;
        printer.result(result, out -> print(out, result, deployed));
        return ExitCode.OK.code();
    }

    /** A deploy that creates the function in an AWS account shows its plan and asks first, on a terminal only. */
    private void confirmFirstDeploy(DeployResult plan) {
        print(spec.commandLine().getErr(), plan, null);
        String answer;
        try (Prompter prompter = new Prompter(root.terminals().open())) {
            answer = prompter.ask("Create these in " + plan.region() + "?", "y", a -> a.matches("(?i)y|yes|n|no"), "answer y or n");
        } catch (IOException e) {
            throw LambException.io("could not read the answer from the terminal", e);
        }
        if (!answer.toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
            throw new LambException(ExitCode.INTERRUPTED, "deploy cancelled: nothing was changed");
        }
    }

    private static void print(PrintWriter out, DeployResult result, ProjectConfig config) {
        if (result.dryRun()) {
            out.println("plan for " + result.function() + " in " + result.region() + " (nothing was changed):");
            for (Change c : result.changes()) {
                out.println("  " + c.action().describe(true) + " " + c.resource() + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")"));
            }
            return;
        }
        if (!result.changed()) {
            out.println(result.function() + " is up to date (" + result.alias() + " -> version " + result.version() + ")");
        } else {
            long changes = result.changes().stream().filter(Change::changed).count();
            out.println("deployed " + result.function() + ": " + result.alias() + " -> version " + result.version()
                    + " (" + changes + (changes == 1 ? " change" : " changes") + ")");
        }
        // Each route's URL with the query of the project's sample request, so that opening it gets an answer.
        List<ProjectConfig.Route> routes = config.api().routes();
        for (int i = 0; i < result.urls().size(); i++) {
            out.println(result.urls().get(i) + (i < routes.size() ? ExampleQuery.of(config.dir(), routes.get(i)) : ""));
        }
    }
}
