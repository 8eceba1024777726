package dev.lamb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.AsyncSettings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.AsyncStatus;
import dev.lamb.deploy.DeployStatus;
import dev.lamb.deploy.StageList;
import dev.lamb.deploy.StatusReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show what is deployed and how it differs from lamb.toml.",
        description = {"Without --stage: every stage (the API's stages, the function's aliases and lamb.toml's stages), one "
                + "line each, with the version its alias serves, when that version was published, and its URLs. "
                + "With --stage NAME: that stage in full: where it answers, which version its alias serves, whether "
                + "the local code is the deployed code, and how the configuration the alias serves (and $LATEST, when it "
                + "is not the same) differs from lamb.toml. "
                + "Makes read calls only; exits 4 when the function is not deployed."})
final class StatusCommand implements Callable<Integer> {
    private static final String ROW = "%-16s %s%n";
    private static final String STAGE_ROW = "%-18s %-8s %-29s %s%n";

    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Override
    public Integer call() {
        ProjectConfig config = stage.of(project.load());
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        AwsTarget target = root.aws.target(printer::progress);
        try (AwsClients aws = new AwsClients(target)) {
            StatusReader reader = new StatusReader(aws, target);
            if (stage.given()) {
                DeployStatus status = reader.read(config, () -> localCodeSha256(config));
                printer.result(status, out -> print(out, status));
                return status.deployed() ? ExitCode.OK.code() : ExitCode.NOT_FOUND.code();
            }
            StageList stages = reader.list(config);
            printer.result(stages, out -> print(out, stages));
            return stages.deployed() ? ExitCode.OK.code() : ExitCode.NOT_FOUND.code();
        }
    }

    /** One row a stage: its name, its alias's version, when that version was published, and where it answers. */
    private static void print(PrintWriter out, StageList list) {
        if (!list.deployed()) {
            out.println(notDeployed(list.function(), list.region()));
            return;
        }
        out.printf(STAGE_ROW, "stage", "version", "published", "url");
        for (StageList.Stage s : list.stages()) {
            String name = s.name() + (s.isDefault() ? " (default)" : "");
            if (!s.deployed()) {
                out.printf(STAGE_ROW, name, "-", "-", "not deployed: run 'lamb deploy --stage " + s.name() + "'");
                continue;
            }
            List<String> urls = new ArrayList<>(s.urls());
            if (s.functionUrl() != null) {
                urls.add(s.functionUrl() + " (Function URL)");
            }
            if (urls.isEmpty()) {
                urls.add(s.declared() ? "no API stage: run 'lamb deploy --stage " + s.name() + "'" : "alias only, no API stage");
            }
            for (int i = 0; i < urls.size(); i++) {
                out.printf(STAGE_ROW, i == 0 ? name : "", i == 0 ? s.version() : "",
                        i == 0 && s.lastModified() != null ? s.lastModified() : "", urls.get(i));
            }
        }
    }

    private static String notDeployed(String function, String region) {
        return function + " is not deployed in " + region + ": run 'lamb deploy' to deploy it";
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
            out.println(notDeployed(s.function(), s.region()));
            return;
        }
        out.println(s.function() + " in " + s.region() + ": deployed (state " + s.state() + ", last update "
                + s.lastUpdateStatus() + ")");
        if (s.urls().isEmpty()) {
            String why = s.apiId() == null ? "no REST API" : "REST API " + s.apiId() + " has no stage deployed";
            out.printf(ROW, "url:", "none: " + why + "; run 'lamb deploy'");
        }
        s.urls().forEach(url -> out.printf(ROW, "url:", url));
        if (s.functionUrl() != null) {
            out.printf(ROW, "function url:", s.functionUrl().url() + " (auth " + s.functionUrl().auth() + ")");
        }
        out.printf(ROW, "alias:", s.aliasVersion() == null ? s.alias() + " is missing; run 'lamb deploy'"
                : s.alias() + " -> version " + s.aliasVersion());
        out.printf(ROW, "runtime:", s.runtime() + " (AWS: " + s.runtimeCalendar() + ")");
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
        out.printf(ROW, "async:", async(s.async()) + (s.asyncDifferences().isEmpty() ? ""
                : "; differs (deployed -> lamb.toml): " + String.join(", ", s.asyncDifferences())));
        for (DeployStatus.Secret secret : s.secrets()) {
            out.printf(ROW, "secret:", secret.name() + " = " + secret.reference() + (secret.arn() == null ? ": " + secret.missing()
                    : " -> " + secret.variable() + "=" + secret.arn()));
        }
        out.printf(ROW, "last modified:", s.lastModified());
    }

    /** The alias's options for Event invocations, with Lambda's defaults for what is not set. */
    private static String async(AsyncStatus a) {
        if (a == null) {
            return "Lambda's defaults (" + AsyncSettings.DEFAULT_RETRIES + " retries, events kept "
                    + AsyncSettings.DEFAULT_EVENT_AGE_SECONDS + " s, no destinations)";
        }
        int retries = a.maxRetries() == null ? AsyncSettings.DEFAULT_RETRIES : a.maxRetries();
        return retries + (retries == 1 ? " retry" : " retries") + ", events kept "
                + (a.maxEventAgeSeconds() == null ? AsyncSettings.DEFAULT_EVENT_AGE_SECONDS : a.maxEventAgeSeconds()) + " s, on failure "
                + (a.onFailure() == null ? "none" : a.onFailure()) + ", on success " + (a.onSuccess() == null ? "none" : a.onSuccess());
    }

    private static String differences(List<String> differences) {
        return differences.isEmpty() ? "as in lamb.toml" : "differs (deployed -> lamb.toml): " + String.join(", ", differences);
    }
}
