package dev.lamb.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.DeployStatus;
import dev.lamb.deploy.StatusReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show what is deployed and how it differs from lamb.toml.",
        description = {"Show whether the function is deployed, where it answers, which version the alias serves, whether "
                + "the local code is the deployed code, and how the configuration the alias serves (and $LATEST, when it "
                + "is not the same) differs from lamb.toml. "
                + "Makes read calls only; exits 4 when the function is not deployed."})
final class StatusCommand implements Callable<Integer> {
    private static final String ROW = "%-16s %s%n";

    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        ProjectConfig config = project.load();
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        AwsTarget target = root.aws.target(printer::progress);
        DeployStatus status;
        try (AwsClients aws = new AwsClients(target)) {
            status = new StatusReader(aws, target).read(config, () -> localCodeSha256(config));
        }
        printer.result(status, out -> print(out, status));
        return status.deployed() ? ExitCode.OK.code() : ExitCode.NOT_FOUND.code();
    }

    /**
     * The CodeSha256 of the zip `lamb deploy` would upload: the same package, in the same place. Built
     * quietly: status only reads, and how the zip came about is no part of its answer.
     */
    private String localCodeSha256(ProjectConfig config) {
        return project.pack(config, line -> {}).codeSha256();
    }

    /** "reserved 5, provisioned 2 on alias live (READY)"; "reserved none" when the function shares the account's pool. */
    private static String concurrency(DeployStatus s) {
        DeployStatus.Concurrency c = s.concurrency();
        String reserved = "reserved " + (c.reserved() == null ? "none"
                : c.reserved() + (c.reserved() == 0 ? " (disabled: every invocation is throttled)" : ""));
        String provisioned = c.provisioned() == 0 ? "provisioned none" : "provisioned " + c.provisioned() + " on alias " + s.alias()
                + " (" + c.provisionedStatus() + (c.provisionedReason() == null ? "" : ": " + c.provisionedReason()) + ")";
        return reserved + ", " + provisioned;
    }

    private static void print(PrintWriter out, DeployStatus s) {
        if (!s.deployed()) {
            out.println(s.function() + " is not deployed in " + s.region() + ": run 'lamb deploy' to deploy it");
            return;
        }
        out.println(s.function() + " in " + s.region() + ": deployed (state " + s.state() + ", last update "
                + s.lastUpdateStatus() + ")");
        if (s.urls().isEmpty()) {
            String why = s.apiId() == null ? "no REST API" : "REST API " + s.apiId() + " has no stage deployed";
            out.printf(ROW, "url:", "none: " + why + "; run 'lamb deploy'");
        }
        s.urls().forEach(url -> out.printf(ROW, "url:", url));
        out.printf(ROW, "alias:", s.aliasVersion() == null ? s.alias() + " is missing; run 'lamb deploy'"
                : s.alias() + " -> version " + s.aliasVersion());
        DeployStatus.Code code = s.code();
        out.printf(ROW, "local code:", code.local());
        out.printf(ROW, "matches " + s.alias() + ":", s.aliasVersion() == null ? "no alias"
                : code.matchesLive() ? "yes" : "no (version " + s.aliasVersion() + " runs " + code.live() + ")");
        out.printf(ROW, "matches $LATEST:", code.matchesLatest() ? "yes" : "no ($LATEST runs " + code.latest() + ")");
        out.printf(ROW, "concurrency:", concurrency(s));
        out.printf(ROW, "config:", differences(s.configDifferences()));
        // $LATEST apart only when it is not what the alias serves, as after `tune --apply`.
        if (!s.latestConfigDifferences().equals(s.configDifferences())) {
            out.printf(ROW, "$LATEST config:", differences(s.latestConfigDifferences()));
        }
        out.printf(ROW, "last modified:", s.lastModified());
    }

    private static String differences(List<String> differences) {
        return differences.isEmpty() ? "as in lamb.toml" : "differs (deployed -> lamb.toml): " + String.join(", ", differences);
    }
}
