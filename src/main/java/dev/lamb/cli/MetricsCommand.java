package dev.lamb.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.FunctionName;
import dev.lamb.logs.CtrlC;
import dev.lamb.logs.StopSignal;
import dev.lamb.metrics.MetricsCsv;
import dev.lamb.metrics.MetricsReader;
import dev.lamb.metrics.MetricsReport;
import dev.lamb.metrics.MetricsTarget;
import dev.lamb.metrics.MetricsView;
import dev.lamb.metrics.MetricsWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        header = "Show the function's CloudWatch metrics, percentiles and alarms.",
        description = {"Show a window of the function's CloudWatch metrics at its stage's alias: invocations and throughput, "
                + "errors and error rate, throttles, duration p50/p95/p99/max, concurrency against reserved, async and "
                + "provisioned-concurrency figures when in use, the API stage's requests, 4XX/5XX and latency p95; from the "
                + "window's REPORT lines, the cold-start rate, init p50/p99 and memory headroom; lamb's alarms and their state; "
                + "and flags for what needs attention. One GetMetricData call carries every figure; percentiles over the "
                + "window are CloudWatch's own, never averages of per-period ones."})
final class MetricsCommand implements Callable<Integer>, CsvTable {
    enum Split { version }

    /** How often --watch redraws: as watch(1) refreshes, so new invocations show within seconds, whatever the period. */
    private static final int REDRAW_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Option(names = "--since", paramLabel = "TIME", defaultValue = "1h",
            description = "From this time: a span back such as 90s, 10m, 1h30m, 2d, 1w, or a date and time such as "
                    + "2026-01-01T10:00 (local) or 2026-01-01T10:00:00Z, within CloudWatch's 455 days (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this time, in the forms --since takes (default: now).")
    String until;

    @Option(names = "--period", paramLabel = "auto|60|300|3600", defaultValue = "auto",
            description = "Seconds per point of the series; auto keeps a series within 300 points and to the periods CloudWatch "
                    + "still keeps for the window's start (1-minute data 15 days, 5-minute 63 days, 1-hour 455 days) "
                    + "(default: ${DEFAULT-VALUE}).")
    String period;

    @Option(names = "--by", paramLabel = "version", description = "Split the figures by the version that ran (ExecutedVersion), "
            + "to judge a deploy or a promote against the version before it.")
    Split by;

    @Option(names = "--watch", description = "Redraw every 10 s with the window ending now, until Ctrl-C (a terminal only).")
    boolean watch;

    @Option(names = "--function", paramLabel = "NAME", description = "This function instead of lamb.toml's, all its versions and "
            + "aliases; repeat for several, all in the same GetMetricData call.")
    List<String> functions = new ArrayList<>();

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        if (watch) {
            refuseWatch();
        }
        ZoneId zone = ZoneId.systemDefault();
        MetricsWindow window = MetricsWindow.of(since, until, period, Instant.now(), zone);
        List<MetricsTarget> targets = targets();
        AwsTarget target = root.aws.target(printer::progress);
        try (AwsClients aws = new AwsClients(target, printer::progress)) {
            MetricsReader reader = new MetricsReader(aws, target, line -> printer.progress(line));
            if (watch) {
                return watch(reader, targets, window, zone);
            }
            MetricsReport report = reader.read(targets, window, by != null, Instant.now());
            if (root.output.csv()) {
                spec.commandLine().getOut().print(MetricsCsv.render(report));
                spec.commandLine().getOut().flush();
            } else {
                printer.result(report, out -> out.print(MetricsView.render(report, zone, spec.commandLine().getColorScheme().ansi())));
            }
        }
        return ExitCode.OK.code();
    }

    private List<MetricsTarget> targets() {
        functions.forEach(name -> FunctionName.require("--function", name));
        if (functions.isEmpty()) {
            return List.of(MetricsTarget.of(stage.of(project.load())));
        }
        if (stage.given()) {
            throw LambException.usage("--stage picks the project's function's stage: leave out --function, or --stage");
        }
        return new LinkedHashSet<>(functions).stream().map(MetricsTarget::function).toList();
    }

    private void refuseWatch() {
        if (!root.terminals().interactive()) {
            throw LambException.usage("--watch redraws a terminal, and this is not one: drop --watch (--output json gives scripts a record)");
        }
        if (until != null) {
            throw LambException.usage("--watch keeps the window ending now: drop --until");
        }
        if (root.output.json() || root.output.csv()) {
            throw LambException.usage("--watch redraws the text view: drop --output " + (root.output.json() ? "json" : "csv"));
        }
    }

    /**
     * Redraws every {@link #REDRAW_SECONDS} until Ctrl-C, which is how a watch is meant to end: exit 0, as a follow of
     * 'lamb logs' ends. A redraw reads the whole window again, so the period still in progress shows what it has so far.
     */
    private int watch(MetricsReader reader, List<MetricsTarget> targets, MetricsWindow first, ZoneId zone) {
        PrintWriter out = spec.commandLine().getOut();
        StopSignal stop = new StopSignal();
        try (CtrlC ctrlC = CtrlC.stops(stop)) {
            for (MetricsWindow window = first; !stop.stopped(); window = window.endingAt(Instant.now())) {
                MetricsReport report = reader.read(targets, window, by != null, Instant.now());
                // Home and clear, then the new view: a redraw in place.
                out.print("\033[H\033[2J");
                out.print(MetricsView.render(report, zone, spec.commandLine().getColorScheme().ansi()));
                out.println("redrawn every " + REDRAW_SECONDS + " s; Ctrl-C stops");
                out.flush();
                stop.await(REDRAW_SECONDS * 1000L);
            }
        }
        return ExitCode.OK.code();
    }
}
