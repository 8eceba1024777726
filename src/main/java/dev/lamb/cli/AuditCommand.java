package dev.lamb.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.audit.AuditReport;
import dev.lamb.audit.AuditSarif;
import dev.lamb.audit.AuditText;
import dev.lamb.audit.Auditor;
import dev.lamb.audit.Severity;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.FunctionName;
import dev.lamb.config.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        header = "Find security problems in the function, its role and lamb.toml.",
        description = {"Check the function at its stage's alias and what surrounds it (the execution role's policies, the "
                + "resource policy, Function URLs, environment, runtime, log group, tracing, async failures, concurrency, "
                + "recursion, the lamb-secrets policy), and the local project (lamb.toml and the package lamb would deploy: its "
                + "current .lamb zip, else the files it takes; nothing is built). "
                + "Each finding has a rule id, a severity, the resource, what is wrong and the fix; README lists the rules. "
                + "Makes read calls only. Exits 1 when a finding reaches --fail-on, else 0, so CI can run it."})
final class AuditCommand implements Callable<Integer>, SarifLog {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Option(names = "--fail-on", paramLabel = "low|medium|high|critical", defaultValue = "high",
            description = "Exit 1 when any finding is of this severity or above (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--function", paramLabel = "NAME", description = "Audit this deployed function instead of lamb.toml's "
            + "(no project needed): the function itself, its URLs and its role.")
    String function;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        Severity threshold = Severity.parse("--fail-on", failOn);
        if (function != null) {
            FunctionName.require("--function", function);
            if (stage.given()) {
                throw LambException.usage("--stage picks the project's function's stage: leave out --function, or --stage");
            }
        }
        ProjectConfig config = function == null ? stage.of(project.loadIfAny().orElseThrow(() -> LambException.usage("no lamb.toml in "
                + project.dir.toAbsolutePath().normalize() + " or any folder above it: run lamb audit in a project folder, or audit a "
                + "deployed function with --function NAME"))) : null;
        AwsTarget target = root.aws.target(printer::progress);
        try (AwsClients aws = new AwsClients(target, printer::progress)) {
            Auditor auditor = new Auditor(aws, target.region());
            LocalDate today = LocalDate.now();
            AuditReport report = config == null ? auditor.function(function, today)
                    : auditor.project(config, config.dir().resolve("lamb.toml"), today);
            if (root.output.sarif()) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(AuditSarif.render(report, VersionProvider.version()));
                out.flush();
            } else {
                printer.result(report, out -> out.print(AuditText.render(report)));
            }
            return report.fails(threshold) ? ExitCode.FAILED.code() : ExitCode.OK.code();
        }
    }
}
