package dev.lamb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.build.PackageResult;
import dev.lamb.config.ProjectConfig;
import dev.lamb.local.LocalEvents;
import dev.lamb.tune.CostBound;
import dev.lamb.tune.TuneRequest;
import dev.lamb.tune.TuneResult;
import dev.lamb.tune.TuneSignals;
import dev.lamb.tune.Tuning;
import dev.lamb.tune.report.TerminalBars;
import dev.lamb.tune.report.TuneCsv;
import dev.lamb.tune.report.TuneHtmlReport;
import dev.lamb.tune.report.TuneText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "tune", mixinStandardHelpOptions = true,
        header = "Measure memory sizes; recommend the cheapest (or fastest).",
        description = {"Measure the deployed function at several memory sizes and recommend the cheapest (or fastest) one.",
            "It measures versions it publishes for the purpose, never the live function, and deletes them at the end; "
                + "a run that was killed is repaired by --restore or by the next lamb tune."})
final class TuneCommand implements Callable<Integer>, CsvTable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Option(names = "--memory", paramLabel = "RANGE",
            description = "Sizes in MB: 128..1024 (about seven on a geometric ladder), 128..1024:128 (a step) or 128,256,512 "
                    + "(default: tune.memory in lamb.toml).")
    String memory;

    @Option(names = "--arch", paramLabel = "ARCHS", completionCandidates = Candidates.ArchitectureLists.class,
            description = "Architectures to measure and compare: x86_64, arm64 or x86_64,arm64 (default: lamb.toml's).")
    String arch;

    @Option(names = "--invocations", paramLabel = "N",
            description = "Warm invocations per size (default: tune.invocations in lamb.toml, else --auto).")
    Integer invocations;

    @Option(names = "--auto", description = "Sample each size until its billed mean is known within ±5%% (at most 100).")
    boolean auto;

    @Option(names = "--cold", description = "A cold start for every invocation: a version each (slow; use few --invocations).")
    boolean cold;

    @Option(names = "--concurrency", paramLabel = "K", defaultValue = "1", description = "Invocations at once (default: 1).")
    int concurrency;

    @Option(names = "--no-refine", description = "Measure only the given sizes: no search around the best one.")
    boolean noRefine;

    @Option(names = "--optimize", paramLabel = "GOAL", defaultValue = "cost", completionCandidates = Candidates.Goals.class,
            description = "cost, speed or balanced (default: cost).")
    String optimize;

    @Option(names = "--weight", paramLabel = "W", description = "With --optimize balanced: the weight of cost, 0..1 (default 0.5).")
    Double weight;

    @Option(names = "--max-p95", paramLabel = "MS", description = "The cheapest size whose p95 duration is at most MS.")
    Double maxP95;

    @Option(names = "--cold-rate", paramLabel = "R",
            description = "Share of invocations that start cold, weighted into the cost (default: the function's last day "
                    + "in CloudWatch Logs, else 0.01).")
    Double coldRate;

    @Option(names = "--price-gb-s", paramLabel = "USD", description = "Price per GB-second (default: AWS's on-demand price).")
    Double priceGbSecond;

    @Option(names = "--price-request", paramLabel = "USD", description = "Price per request (default: AWS's, 0.0000002).")
    Double priceRequest;

    @Option(names = "--provisioned",
            description = "Also price each size with provisioned concurrency (AWS's price per GB-second allocated and its "
                    + "lower duration price), next to on-demand.")
    boolean provisioned;

    @Option(names = "--payloads", paramLabel = "FILE",
            description = "A JSON list of {\"event\": ..., \"weight\": N}: invocations are spread across the events by weight, "
                    + "and each size's cost and latency are the weighted mix. Events may hold {{uuid}}, {{seq}} and {{now}}.")
    Path payloads;

    @Option(names = "--apply", description = "Set the recommended memory on the function's $LATEST.")
    boolean apply;

    @Option(names = "--save", description = "With --apply: also write it into lamb.toml, so that the next deploy keeps it.")
    boolean save;

    @Option(names = "--dry-run", description = "Print the plan and an upper bound of what the run costs; invoke nothing.")
    boolean dryRun;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a self-contained HTML report with a chart.")
    Path report;

    @Option(names = "--restore", description = "Only put the function back from what a killed run left, and exit.")
    boolean restore;

    @Option(names = "--query", paramLabel = "K=V",
            description = "Send a request to the first route with this query parameter instead of tune.event; repeat for more.")
    List<String> query = new ArrayList<>();

    @Mixin
    EventOptions event;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ProjectConfig config = stage.of(project.load());
        TuneRequest request = TuneRequest.from(config).mode(dryRun, restore).csv(root.output.csv()).memory(memory).arch(arch)
                .invocations(invocations, auto).cold(cold).concurrency(concurrency).refine(!noRefine)
                .optimize(optimize, weight, maxP95).costs(coldRate, priceGbSecond, priceRequest).apply(apply, save)
                .provisioned(provisioned).payloads(payloads, event.file() != null || event.json() != null || !query.isEmpty())
                .event(() -> event(config)).build(printer::progress);
        AwsTarget target = root.aws.target(printer::progress);
        // From the first call on, a signal stops the run between calls (--restore and --dry-run change nothing to undo).
        try (AwsClients aws = new AwsClients(target);
                TuneSignals signals = request.mode() == TuneRequest.Mode.MEASURE ? TuneSignals.install(printer::progress)
                        : TuneSignals.none()) {
            Tuning tuning = new Tuning(aws, config, target.region(), printer::progress);
            Supplier<PackageResult> pack = () -> project.pack(config, printer::progress);
            return switch (request.mode()) {
                case RESTORE -> restored(printer, config.function().name(), tuning.restore(pack));
                case DRY_RUN -> costBound(printer, request, tuning.costBound(request));
                case MEASURE -> {
                    TuneResult result = tuning.recommend(request, pack, root.terminals().progress()
                            ? new TerminalBars(spec.commandLine().getErr()) : null, signals);
                    show(printer, result);
                    tuning.apply(request, result);
                    yield ExitCode.OK.code();
                }
            };
        }
    }

    /** --event, --payload or --query when given; else lamb.toml's tune.event; else a request to the first route. */
    private byte[] event(ProjectConfig config) {
        Path file = event.file();
        if (file == null && event.json() == null && query.isEmpty() && !config.tune().event().isEmpty()) {
            file = config.dir().resolve(config.tune().event());
            if (!Files.isRegularFile(file)) {
                throw LambException.usage("tune.event in lamb.toml names " + file + ", which is not a file: fix the path, "
                        + "or choose the event with --event, --payload or --query");
            }
        }
        return LocalEvents.event(config, new LocalEvents.Input(null, null, query, List.of(), null, file, event.json()));
    }

    private int restored(ResultPrinter printer, String name, boolean repaired) {
        printer.result(new Restored(name, repaired), out -> out.println(repaired
                ? name + " is as it was before the interrupted run" : "nothing to restore for " + name));
        return ExitCode.OK.code();
    }

    private void show(ResultPrinter printer, TuneResult result) {
        if (report != null) {
            try {
                TuneHtmlReport.write(report, result);
            } catch (IOException e) {
                throw LambException.io("could not write " + report, e);
            }
            printer.progress("tune: report written to " + ResultPrinter.display(report));
        }
        if (root.output.csv()) {
            spec.commandLine().getOut().print(TuneCsv.render(result));
            spec.commandLine().getOut().flush();
            return;
        }
        printer.result(result, out -> out.print(TuneText.render(result, spec.commandLine().getColorScheme().ansi())));
    }

    /** --dry-run: the sizes, the invocations, and what they cost at most. */
    private int costBound(ResultPrinter printer, TuneRequest request, CostBound bound) {
        printer.result(bound, out -> {
            out.println("plan for " + bound.function() + " (nothing was invoked):");
            out.println("  sizes: " + bound.sizes() + " MB on " + String.join(" and ", request.architectures()) + ", then up to "
                    + bound.refinementSizes() + " more around the best");
            out.println("  invocations: up to " + bound.invocationsPerSize() + " per size"
                    + (request.sampleUntilKnown() ? " (until the billed mean is known within ±5%)" : ""));
            out.printf("  cost: at most $%.4f for these sizes (every invocation billed the %d s timeout)%n", bound.maxCostUsd(),
                    bound.timeoutSeconds());
        });
        return ExitCode.OK.code();
    }

    /** What --restore did, as --output json prints it. */
    record Restored(String function, boolean restored) {}
}
