package dev.lamb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.InterruptNotice;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.build.PackageResult;
import dev.lamb.config.ConfigWarnings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.Change;
import dev.lamb.deploy.DeployResult;
import dev.lamb.deploy.Deployer;
import dev.lamb.deploy.UploadProgress;
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

    @Mixin
    StageOptions stage;

    @Option(names = "--dry-run", description = "Print what would be created, updated or left alone, and change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask before a first deploy creates the function in an AWS account "
            + "(asked on a terminal only).")
    boolean yes;

    @Option(names = "--force-upload", description = "Upload the code even when its CodeSha256 matches the deployed one.")
    boolean forceUpload;

    @Option(names = "--adopt", description = "Take over a function, role, log group or REST API of this project's names that "
            + "lamb did not make: show every change the deploy would make to them (environment keys by name, never values), "
            + "ask (or take --yes), then tag them as lamb's and deploy.")
    boolean adopt;

    @Override
    public Integer call() {
        ProjectConfig config = stage.of(project.load());
        if (adopt && !yes && !dryRun && !root.terminals().interactive()) {
            throw LambException.usage("--adopt changes resources lamb did not make: add --yes to confirm without a terminal "
                    + "(--adopt --dry-run shows the changes)");
        }
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ConfigWarnings.of(config).forEach(w -> printer.progress("lamb: warning: " + w));
        // Where the calls go, and with which credentials, is settled first: before a build that may take a while.
        AwsTarget target = root.aws.target(printer::progress);
        DeployResult result;
        try (AwsClients aws = new AwsClients(target, printer::progress)) {
            aws.requireCredentials();
            // A bar only where a person watches, and never around JSON that a program reads.
            Deployer deployer = new Deployer(aws, target, printer::progress, root.terminals().progress() && !root.output.json()
                    ? new UploadBar(spec.commandLine().getErr()) : UploadProgress.NONE);
            // Reads change nothing, so they start alongside the packaging even where a question may come; only
            // --adopt reads afresh once it has the answer.
            if (dryRun || !adopt) {
                deployer.readAhead(config);
            }
            printer.prepare(DeployResult.class);
            PackageResult pkg;
            try (InterruptNotice notice = InterruptNotice.during(printer::progress,
                    () -> "interrupted during step 'package' (done: nothing); run 'lamb deploy' again to finish")) {
                pkg = project.pack(config, printer::progress);
            }
            Deployer.Code code = new Deployer.Code(pkg.bytes(), pkg.codeSha256());
            if (!dryRun) {
                confirm(deployer, new Deployer(aws, target, line -> {}), config, code, target);
            }
            result = deployer.deploy(config, code, new Deployer.Options(dryRun, forceUpload, adopt));
        }
        ProjectConfig deployed = config;
        printer.result(result, out -> print(out, result, deployed));
        return ExitCode.OK.code();
    }

    /**
     * Shows the plan and asks (on a terminal, unless --yes) before --adopt takes over what lamb did not make,
     * or before a first deploy creates the function in an AWS account (asked only then, found by the deploy's own read).
     */
    private void confirm(Deployer deployer, Deployer quiet, ProjectConfig config, Deployer.Code code, AwsTarget target) {
        if (adopt) {
            DeployResult plan = quiet.deploy(config, code, new Deployer.Options(true, forceUpload, true));
            if (plan.adopts()) {
                print(spec.commandLine().getErr(), plan, null);
                if (!yes) {
                    ask("Take these over and change them as shown?");
                }
            }
        } else if (mayAsk(target) && deployer.isFirstDeploy(config)) {
            DeployResult plan = quiet.deploy(config, code, new Deployer.Options(true, forceUpload, false));
            print(spec.commandLine().getErr(), plan, null);
            ask("Create these in " + plan.region() + "?");
        }
    }

    /** Whether confirm may ask: --adopt, or a first deploy to an AWS account from a terminal without --yes. */
    private boolean mayAsk(AwsTarget target) {
        return adopt || !yes && target.endpoint() == null && root.terminals().interactive();
    }

    private void ask(String question) {
        String answer;
        try (Prompter prompter = new Prompter(root.terminals().open())) {
            answer = prompter.ask(question, "y", a -> a.matches("(?i)y|yes|n|no"), "answer y or n");
        } catch (IOException e) {
            throw LambException.io("could not read the answer from the terminal", e);
        }
        if (!answer.toLowerCase(Locale.ROOT).startsWith("y")) {
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
        // The stage's Function URL, then each route's URL with the query of the project's sample request, so that
        // opening it gets an answer; the routes' come last, where scripts have always found them.
        if (result.functionUrl() != null) {
            out.println(result.functionUrl());
        }
        List<ProjectConfig.Route> routes = config.api().routes();
        for (int i = 0; i < result.urls().size(); i++) {
            out.println(result.urls().get(i) + (i < routes.size() ? ExampleQuery.of(config.dir(), routes.get(i)) : ""));
        }
    }
}
