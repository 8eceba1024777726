package dev.lamb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.AwsTarget;
import dev.lamb.build.PackageResult;
import dev.lamb.config.Architecture;
import dev.lamb.config.ProjectConfig;
import dev.lamb.local.LocalEvents;
import dev.lamb.tune.ArchList;
import dev.lamb.tune.CostModel;
import dev.lamb.tune.MemoryRange;
import dev.lamb.tune.PriceTable;
import dev.lamb.tune.SizeProgress;
import dev.lamb.tune.Strategy;
import dev.lamb.tune.TuneChart;
import dev.lamb.tune.TuneCsv;
import dev.lamb.tune.TuneHtmlReport;
import dev.lamb.tune.TuneResult;
import dev.lamb.tune.TuneRun;
import dev.lamb.tune.TuneSignals;
import dev.lamb.tune.TuneTable;
import picocli.CommandLine.ArgGroup;
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
final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

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

    /** AWS says a function's cold starts are typically under 1% of its invocations. */
    static final double DEFAULT_COLD_RATE = 0.01;

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

    @ArgGroup(exclusive = true)
    InvokeCommand.RawEvent raw = new InvokeCommand.RawEvent();

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ProjectConfig config = project.load();
        if (invocations == null && !auto && config.tune().invocations() > 0) {
            invocations = config.tune().invocations();
        }
        if (cold && invocations == null) {
            throw LambException.usage("--cold publishes a version for every invocation: say how many with --invocations N");
        }
        if (root.output.csv() && (dryRun || restore)) {
            throw LambException.usage("--output csv is the table of measured sizes, and " + (dryRun ? "--dry-run" : "--restore")
                    + " measures none: use text or json");
        }
        if (save && !apply) {
            throw LambException.usage("--save writes what --apply sets: add --apply");
        }
        if (concurrency < 1 || concurrency > 100) {
            throw LambException.usage("--concurrency " + concurrency + " is out of range: 1..100");
        }
        if (invocations != null && (invocations < 1 || invocations > 10000)) {
            throw LambException.usage("--invocations " + invocations + " is out of range: 1..10000");
        }
        List<Integer> sizes = MemoryRange.parse(memory != null ? memory : config.tune().memory()).sizes();
        if (sizes.size() > MemoryRange.MANY_SIZES) {
            printer.progress("lamb: warning: " + (memory != null ? "--memory " + memory : "tune.memory") + " is " + sizes.size()
                    + " sizes, more than " + MemoryRange.MANY_SIZES + ": each is a version measured apart, so the sweep is long; "
                    + "a larger STEP, or LOW..HIGH alone (seven sizes), is quicker");
        }
        List<String> architectures = arch == null ? List.of(config.function().architecture())
                : ArchList.parse(arch).stream().map(a -> a.id()).toList();
        if (coldRate != null) {
            new CostModel(PriceTable.standard(), coldRate);  // refuses a rate outside 0..1 before any call
        }
        Strategy strategy = Strategy.of(optimize, weight, maxP95);
        boolean sampleUntilKnown = auto || invocations == null;
        byte[] payload = event(config);
        AwsTarget target = root.aws.target(printer::progress);
        // From the first call on, a signal stops the run between calls (--restore and --dry-run change nothing to undo).
        try (AwsClients aws = new AwsClients(target);
                TuneSignals signals = restore || dryRun ? TuneSignals.none() : TuneSignals.install(printer::progress)) {
            double rate = coldRate != null || restore ? (coldRate == null ? DEFAULT_COLD_RATE : coldRate)
                    : TuneRun.recentColdStartRate(aws, config.function().name(), config.function().logGroupName(),
                            printer::progress).orElse(DEFAULT_COLD_RATE);
            CostModel costs = new CostModel(PriceTable.standard().with(priceGbSecond, priceRequest), rate);
            return AwsErrors.translating(() -> tune(printer, aws, config, sizes, architectures, costs, strategy, sampleUntilKnown,
                    payload, target, signals));
        }
    }

    /** --event, --payload or --query when given; else lamb.toml's tune.event; else a request to the first route. */
    private byte[] event(ProjectConfig config) {
        Path file = raw.file;
        if (file == null && raw.json == null && query.isEmpty() && !config.tune().event().isEmpty()) {
            file = config.dir().resolve(config.tune().event());
            if (!Files.isRegularFile(file)) {
                throw LambException.usage("tune.event in lamb.toml names " + file + ", which is not a file: fix the path, "
                        + "or choose the event with --event, --payload or --query");
            }
        }
        return LocalEvents.event(config, new LocalEvents.Input(null, null, query, List.of(), null, file, raw.json));
    }

    private int tune(ResultPrinter printer, AwsClients aws, ProjectConfig config, List<Integer> sizes, List<String> architectures,
            CostModel costs, Strategy strategy, boolean sampleUntilKnown, byte[] payload, AwsTarget target, TuneSignals signals) {
        String name = config.function().name();
        Supplier<byte[]> code = deployedCode(printer, aws, config);
        if (restore) {
            boolean repaired = TuneRun.restore(aws.lambda(), config.dir(), name, code, printer::progress);
            printer.result(new Restored(name, repaired), out -> out.println(repaired
                    ? name + " is as it was before the interrupted run" : "nothing to restore for " + name));
            return ExitCode.OK.code();
        }
        if (dryRun) {
            return plan(printer, aws, name, sizes, sampleUntilKnown, costs, architectures);
        }
        TuneResult result = new TuneRun(aws.lambda(), config.dir(), name, target.region(), printer::progress).run(
                new TuneRun.Settings(sizes, architectures, sampleUntilKnown ? 10 : invocations, sampleUntilKnown, 100,
                        concurrency, payload, code, cold, !noRefine, strategy, costs, optimize, aws,
                        config.function().logGroupName(), root.terminals().interactive()
                                ? SizeProgress.terminal(spec.commandLine().getErr()) : null, signals));
        show(printer, result);
        if (apply && result.recommended() != null) {
            int mb = result.recommended().memoryMb();
            TuneRun.apply(aws.lambda(), name, mb);
            printer.progress("tune: " + name + "'s $LATEST now has " + mb + " MB; 'lamb deploy' publishes it to the alias");
            if (save) {
                saveMemory(config.dir().resolve("lamb.toml"), mb);
                printer.progress("tune: lamb.toml now says memory = " + mb);
            }
        }
        return ExitCode.OK.code();
    }

    /**
     * The deployed zip, built from the project and checked against $LATEST's CodeSha256, for versions on
     * another architecture; built once, and only if one is needed.
     */
    private Supplier<byte[]> deployedCode(ResultPrinter printer, AwsClients aws, ProjectConfig config) {
        byte[][] built = {null};
        return () -> {
            if (built[0] == null) {
                PackageResult pkg = project.pack(config, printer::progress);
                TuneRun.requireDeployed(aws.lambda(), config.function().name(), pkg.codeSha256());
                built[0] = pkg.bytes();
            }
            return built[0];
        };
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
        var ansi = spec.commandLine().getColorScheme().ansi();
        printer.result(result, out -> {
            out.print(TuneTable.render(result, ansi));
            out.println();
            out.print(TuneChart.render(result, ansi, TuneChart.DEFAULT_WIDTH));
            out.println();
            out.println(result.recommendation());
            out.printf("%d invocations in %.1f s%n", result.invocations(), result.wallSeconds());
        });
    }

    /** The sizes, the invocations, and what they cost at most: each one billed the function's whole timeout. */
    private int plan(ResultPrinter printer, AwsClients aws, String name, List<Integer> sizes, boolean sampleUntilKnown,
            CostModel costs, List<String> architectures) {
        int timeout = TuneRun.timeoutSeconds(aws.lambda(), name);
        int perSize = (sampleUntilKnown ? 100 : invocations) + 1;
        double worst = 0;
        for (String architecture : architectures) {
            for (int mb : sizes) {
                worst += perSize * costs.perInvocation(Architecture.parse(architecture), mb, timeout * 1000.0);
            }
        }
        double bound = worst;  // effectively final, for the lambda below
        printer.result(new Plan(name, sizes, perSize, TuneRun.refinementBudget(), bound), out -> {
            out.println("plan for " + name + " (nothing was invoked):");
            out.println("  sizes: " + sizes + " MB on " + String.join(" and ", architectures) + ", then up to "
                    + TuneRun.refinementBudget() + " more around the best");
            out.println("  invocations: up to " + perSize + " per size" + (sampleUntilKnown ? " (until the billed mean is known within ±5%)" : ""));
            out.printf("  cost: at most $%.4f for these sizes (every invocation billed the %d s timeout)%n", bound, timeout);
        });
        return ExitCode.OK.code();
    }

    /** What --restore did, as --output json prints it. */
    record Restored(String function, boolean restored) {}

    record Plan(String function, List<Integer> sizes, int invocationsPerSize, int refinementSizes, double maxCostUsd) {}

    /** Rewrites the memory line of lamb.toml's [function] table, keeping everything else as it is. */
    static void saveMemory(Path toml, int mb) {
        try {
            String text = Files.readString(toml, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(?m)^(\\s*memory\\s*=\\s*)\\d+(.*)$").matcher(text);
            String saved = m.find() ? text.substring(0, m.start()) + m.group(1) + mb + m.group(2) + text.substring(m.end())
                    : text.replaceFirst("(?m)^\\[function\\]\\s*$", "[function]\nmemory = " + mb);
            Path tmp = toml.resolveSibling(toml.getFileName() + ".tmp");
            Files.writeString(tmp, saved, StandardCharsets.UTF_8);
            Files.move(tmp, toml, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw LambException.io("could not write " + toml, e);
        }
    }
}
