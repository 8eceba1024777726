package dev.lamb.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.DeployNames;
import dev.lamb.deploy.StatusReader;
import dev.lamb.traces.Since;
import dev.lamb.traces.TraceReader;
import dev.lamb.traces.TraceTree;
import dev.lamb.traces.TracesReport;
import dev.lamb.traces.TracesView;
import dev.lamb.traces.TracingOff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "traces", mixinStandardHelpOptions = true,
        header = "Show the function's X-Ray traces: cold starts, init, errors.",
        description = {"Show the function's X-Ray traces: per invocation its time, duration, cold or warm start, init, "
                + "invocation and overhead time, status and errors, then counts and p50/p95 of duration and init time. "
                + "With --id, one trace's segments as a tree. Needs tracing = true in lamb.toml (the default). Without "
                + "--stage, every stage's traces; with it, those of the invocations through the stage's alias."})
final class TracesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Option(names = "--since", paramLabel = "TIME", defaultValue = "1h",
            description = "Traces that started at this time or later: a span back such as 90s, 10m, 1h30m, 2d, 1w, or a "
                    + "date and time such as 2026-01-01T10:00 (local) or 2026-01-01T10:00:00Z, within 30 days "
                    + "(default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--follow", description = "Keep printing new traces, each once, polling every 2 seconds; Ctrl-C stops.")
    boolean follow;

    @Option(names = "--id", paramLabel = "TRACE_ID", description = "Show this trace's segments as a tree with their timings.")
    String id;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Show at most the N newest traces (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        Ansi ansi = spec.commandLine().getColorScheme().ansi();
        if (id != null) {
            return showTrace(printer, ansi);
        }
        if (limit < 1) {
            throw LambException.usage("--limit " + limit + ": give 1 or more");
        }
        Duration window = Since.parse("--since", since, Instant.now(), ZoneId.systemDefault());
        ProjectConfig config = stage.of(project.load());
        String function = config.function().name();
        AwsTarget target = root.aws.target(printer::progress);
        try (AwsClients aws = new AwsClients(target)) {
            TraceReader reader = new TraceReader(aws, function);
            String mode = reader.tracingMode();
            if (stage.given() && TraceReader.active(mode)) {
                reader = throughStageAlias(reader, aws, target, config, printer);
            }
            if (!TraceReader.active(mode)) {
                TracingOff off = TracingOff.of(function, mode, config.function().tracing());
                printer.result(off, out -> out.println(off.hint()));
                return ExitCode.OK.code();
            }
            if (follow) {
                return follow(reader, window, printer, ansi);
            }
            TracesReport report = reader.report(since, window, limit, Clock.systemUTC(), printer::progress);
            printer.result(report, out -> out.print(TracesView.render(report, ZoneId.systemDefault(), ansi)));
        }
        return ExitCode.OK.code();
    }

    /**
     * The reader of the stage's traces: the invocations through its alias, or of a version the alias routes to (as
     * X-Ray may name them); a stage without an alias is exit 4.
     */
    private TraceReader throughStageAlias(TraceReader reader, AwsClients aws, AwsTarget target, ProjectConfig config,
            ResultPrinter printer) {
        String alias = DeployNames.of(config, target.region()).alias();
        Set<String> versions = new StatusReader(aws, target).servedVersions(config);
        if (versions.isEmpty()) {
            throw new LambException(ExitCode.NOT_FOUND, "stage " + stage.stage + " has no alias: run 'lamb deploy --stage "
                    + stage.stage + "' first");
        }
        printer.progress("lamb: stage " + stage.stage + ": traces of the invocations through its alias " + alias);
        return reader.throughAlias(alias, versions);
    }

    private int showTrace(ResultPrinter printer, Ansi ansi) {
        if (follow) {
            throw LambException.usage("--id shows one trace: drop --follow");
        }
        if (!TraceTree.isTraceId(id)) {
            throw LambException.usage("--id " + id + " is not an X-Ray trace id like 1-5f84c7a1-0123456789abcdef01234567");
        }
        try (AwsClients aws = new AwsClients(root.aws.target(printer::progress))) {
            TraceTree tree = new TraceReader(aws, null).tree(id)
                    .orElseThrow(() -> new LambException(ExitCode.NOT_FOUND, "X-Ray has no trace " + id));
            printer.result(tree, out -> out.print(TracesView.tree(tree, ZoneId.systemDefault(), ansi)));
        }
        return ExitCode.OK.code();
    }

    /** Ctrl-C is how a follow is meant to end: once the output is flushed, exit 0 rather than the JVM's 130. */
    private int follow(TraceReader reader, Duration window, ResultPrinter printer, Ansi ansi) {
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(() -> {
            out.flush();
            Runtime.getRuntime().halt(ExitCode.OK.code());
        }, "lamb-traces-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!root.output.json()) {
                out.println(TracesView.header());
                out.flush();
            }
            printer.progress("following traces; Ctrl-C stops");
            reader.follow(window, Clock.systemUTC(), trace -> printer.result(trace,
                    text -> text.println(TracesView.row(trace, ZoneId.systemDefault(), ansi))));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and runs the hook itself
            }
        }
        return ExitCode.OK.code();
    }
}
