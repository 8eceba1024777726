package dev.lamb.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.LambdaWaits;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * One `lamb tune`: the measuring ({@link Tuner}), the search around the best size ({@link Refinement},
 * within a budget of extra sizes), and the verdict ({@link Strategy}, {@link RecommendationText}).
 */
public final class TuneRun {
    /** Extra sizes the search may add after the first pass. */
    static final int REFINEMENT_BUDGET = 6;

    /** What the flags ask for. {@code invocations} is the first batch when {@code auto}. */
    public record Settings(List<Integer> sizes, List<String> architectures, int invocations, boolean auto, int cap, int concurrency,
            byte[] payload, Supplier<byte[]> code, boolean cold, boolean refine, Strategy strategy, CostModel costs, String optimize,
            AwsClients aws, String logGroup, SizeProgress bars, TuneSignals signals) {}

    private final LambdaClient lambda;
    private final Path projectDir;
    private final String function;
    private final String region;
    private final Consumer<String> progress;

    public TuneRun(LambdaClient lambda, Path projectDir, String function, String region, Consumer<String> progress) {
        this.lambda = lambda;
        this.projectDir = projectDir;
        this.function = function;
        this.region = region;
        this.progress = progress;
    }

    public static int refinementBudget() {
        return REFINEMENT_BUDGET;
    }

    public TuneResult run(Settings s) {
        long started = System.nanoTime();
        int[] extra = {0};
        List<Tuner.Point> first = new ArrayList<>();
        s.architectures().forEach(arch -> s.sizes().forEach(mb -> first.add(new Tuner.Point(mb, arch))));
        Tuner.Run run = new Tuner(lambda, projectDir, function, region, progress)
                .withBars(s.bars() != null ? s.bars() : SizeProgress.lines(progress))
                .withSignals(s.signals() != null ? s.signals() : TuneSignals.none()).run(
                new Tuner.Plan(first, s.invocations(), s.auto(), s.cap(), s.concurrency(), s.payload(), s.code(), s.cold()),
                measured -> {
                    if (!s.refine() || extra[0] >= REFINEMENT_BUDGET) {
                        return List.of();
                    }
                    // Each architecture is searched around its own best size, within one shared budget.
                    List<Tuner.Point> next = new ArrayList<>();
                    List<SizeResult> results = SizeAnalysis.all(measured, s.costs());
                    for (String arch : s.architectures()) {
                        List<SizeResult> ofArch = results.stream().filter(r -> r.architecture().equals(arch)).toList();
                        Refinement.standard().next(ofArch, s.strategy(), REFINEMENT_BUDGET - extra[0] - next.size())
                                .forEach(mb -> next.add(new Tuner.Point(mb, arch)));
                    }
                    extra[0] += next.size();
                    if (!next.isEmpty()) {
                        progress.accept("tune: refining around the best size: " + next.stream()
                                .map(p -> p.memoryMb() + " MB " + p.architecture()).toList());
                    }
                    return next;
                });
        if (s.aws() != null) {
            SweepLogs.crossCheck(s.aws().logs(), s.logGroup(), run.started(), run.ended(), run.measured(), progress);
            SweepTraces.crossCheck(s.aws(), function, run.started(), run.ended(), run.measured(), progress);
        }
        if (s.signals() != null && s.signals().stopped()) {
            throw Tuner.interrupted("cross-check", "every size measured", function);
        }
        List<SizeResult> sizes = SizeAnalysis.all(run.measured(), s.costs());
        SizeResult current = sizes.stream().filter(r -> r.memoryMb() == run.originalMemory()
                && r.architecture().equals(run.originalArchitecture())).findFirst().orElse(null);
        Optional<SizeResult> best = s.strategy().choose(sizes);
        int invocations = run.measured().stream().mapToInt(Measured::invocations).sum();
        return new TuneResult(function, region, s.optimize(), new ArrayList<>(sizes), current, best.orElse(null),
                RecommendationText.of(best, current, sizes, s.strategy()), invocations,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * The cold-start rate of the function's last day from the REPORT lines of the versions users are served,
     * if there are enough of them.
     */
    public static Optional<Double> recentColdStartRate(AwsClients aws, String function, String logGroup,
            Consumer<String> progress) {
        return RecentColdStarts.rate(aws.lambda(), aws.logs(), function, logGroup, progress);
    }

    /** Refuses to build versions from the project's code when it is not what is deployed: deploy it first. */
    public static void requireDeployed(LambdaClient lambda, String function, String codeSha256) {
        String deployed = lambda.getFunction(r -> r.functionName(function)).configuration().codeSha256();
        if (!codeSha256.equals(deployed)) {
            throw LambException.usage("the project's code is not what is deployed (CodeSha256 " + codeSha256 + ", deployed "
                    + deployed + "): tuning another architecture uploads it, so deploy it first with 'lamb deploy'");
        }
    }

    /** The function's timeout, which bounds what a planned run can cost (--dry-run). */
    public static int timeoutSeconds(LambdaClient lambda, String function) {
        return lambda.getFunction(r -> r.functionName(function)).configuration().timeout();
    }

    /** Sets {@code memoryMb} on the function's $LATEST and waits until Lambda has it (--apply). */
    public static void apply(LambdaClient lambda, String function, int memoryMb) {
        lambda.updateFunctionConfiguration(r -> r.functionName(function).memorySize(memoryMb));
        LambdaWaits.untilReady(lambda, function, false);
    }

    /**
     * Puts the function back from a journal a killed run left, and deletes the versions any tune left
     * (found by their description); false when there was nothing to do.
     */
    public static boolean restore(LambdaClient lambda, Path projectDir, String function, Supplier<byte[]> code,
            Consumer<String> progress) {
        return TuningVersions.restore(lambda, projectDir, function, code, progress);
    }
}
