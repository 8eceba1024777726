package dev.lamb.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.LambdaWaits;
import dev.lamb.aws.Releases;
import dev.lamb.build.PackageResult;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.config.TomlEditor;
import dev.lamb.deploy.DeployNames;
import dev.lamb.deploy.StageSettings;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * One `lamb tune` of a project's function, from its {@link TuneRequest}: the recommendation (the memory
 * sweep, {@link MemorySweep}; the search around the best size, {@link Refinement}, within a budget of extra
 * sizes; the verdict, {@link Strategy} and {@link RecommendationText}), the cost bound of --dry-run, the
 * repair of --restore, and what --apply and --save change.
 */
public final class Tuning {
    /** Extra sizes the search may add after the first pass. */
    static final int REFINEMENT_BUDGET = 6;
    /** AWS says a function's cold starts are typically under 1% of its invocations. */
    static final double DEFAULT_COLD_RATE = 0.01;

    private final AwsClients aws;
    private final LambdaClient lambda;
    private final ProjectConfig config;
    private final String function;
    private final String region;
    private final Consumer<String> progress;

    public Tuning(AwsClients aws, ProjectConfig config, String region, Consumer<String> progress) {
        this.aws = aws;
        this.lambda = aws.lambda();
        this.config = config;
        this.function = config.function().name();
        this.region = region;
        this.progress = progress;
    }

    /**
     * What each invocation costs: the prices asked for (else AWS's), with cold starts weighted in at the rate
     * asked for, else the function's last day's in CloudWatch Logs, else 1%.
     */
    private CostModel costs(TuneRequest request) {
        double rate = request.coldRate() != null || request.mode() == TuneRequest.Mode.RESTORE
                ? (request.coldRate() == null ? DEFAULT_COLD_RATE : request.coldRate())
                : recentColdStartRate().orElse(DEFAULT_COLD_RATE);
        return new CostModel(PriceTable.standard().with(request.priceGbSecond(), request.priceRequest()), rate);
    }

    /**
     * The cold-start rate of the function's last day from the REPORT lines of the versions users are served,
     * if there are enough of them.
     */
    private Optional<Double> recentColdStartRate() {
        return RecentColdStarts.rate(aws.lambda(), aws.logs(), function, config.function().logGroupName(), progress);
    }

    /**
     * Measures the sizes, searches around the best, and recommends one. {@code pack} builds the project's zip,
     * needed only for versions on another architecture; {@code bars} shows each size while it is measured
     * (null: its finished line only); {@code signals} stops the sweep between calls.
     */
    public TuneResult recommend(TuneRequest request, Supplier<PackageResult> pack, SizeProgress bars, TuneSignals signals) {
        requireStageCode();
        CostModel costs = costs(request);
        long started = System.nanoTime();
        int[] extra = {0};
        List<MemorySweep.SizeToTry> first = new ArrayList<>();
        request.architectures().forEach(arch -> request.sizes().forEach(mb -> first.add(new MemorySweep.SizeToTry(mb, arch))));
        MemorySweep.Measurements run = new MemorySweep(lambda, config.dir(), function, region, progress)
                .withBars(bars != null ? bars : SizeProgress.lines(progress))
                .withSignals(signals).withEarlyStop(earlyStop(request.strategy(), costs))
                .withSettings(StageSettings.of(aws, region, config.api().stage(), config.function())).run(
                new MemorySweep.Sampling(first, request.firstBatch(), request.sampleUntilKnown(), TuneRequest.MOST_PER_SIZE,
                        request.concurrency(), request.events(), deployedCode(pack), request.cold()),
                measured -> {
                    if (!request.refine() || extra[0] >= REFINEMENT_BUDGET) {
                        return List.of();
                    }
                    // Each architecture is searched around its own best size, within one shared budget.
                    List<MemorySweep.SizeToTry> next = new ArrayList<>();
                    List<SizeResult> results = SizeAnalysis.all(measured, costs);
                    for (String arch : request.architectures()) {
                        List<SizeResult> ofArch = results.stream().filter(r -> r.architecture().equals(arch)).toList();
                        nextSizes(request, costs, ofArch, REFINEMENT_BUDGET - extra[0] - next.size())
                                .forEach(mb -> next.add(new MemorySweep.SizeToTry(mb, arch)));
                    }
                    extra[0] += next.size();
                    if (!next.isEmpty()) {
                        progress.accept("tune: refining around the best size: " + next.stream()
                                .map(p -> p.memoryMb() + " MB " + p.architecture()).toList());
                    }
                    return next;
                });
        String logGroup = config.function().logGroupName();
        SweepLogs.crossCheck(aws.logs(), logGroup, run.started(), run.ended(), run.measured(), progress);
        SweepTraces.crossCheck(aws, function, run.started(), run.ended(), run.measured(), progress);
        if (signals.stopped()) {
            throw MemorySweep.interrupted("cross-check", "every size measured", function);
        }
        List<SizeResult> sizes = SizeAnalysis.all(run.measured(), costs);
        SizeResult current = sizes.stream().filter(r -> r.memoryMb() == run.originalMemory()
                && r.architecture().equals(run.originalArchitecture())).findFirst().orElse(null);
        Optional<SizeResult> best = request.strategy().choose(sizes);
        int invocations = run.measured().stream().mapToInt(Measured::invocations).sum();
        PriceTable prices = PriceTable.standard().with(request.priceGbSecond(), request.priceRequest());
        List<ProvisionedCost> provisioned = request.provisioned()
                ? sizes.stream().map(s -> ProvisionedCost.of(s, prices)).filter(Objects::nonNull).toList() : List.of();
        return new TuneResult(function, region, request.optimize(), new ArrayList<>(sizes), current, best.orElse(null),
                RecommendationText.of(best, current, sizes, request.strategy()), invocations,
                (System.nanoTime() - started) / 1e9, request.events().summary(), provisioned);
    }

    /**
     * The sizes to measure next around one architecture's best: with --auto and cheapest all that is asked, the step a
     * convex cost curve says may save more than 2%, one per round ({@link CheapestSearch}); else the bisection.
     */
    private static List<Integer> nextSizes(TuneRequest request, CostModel costs, List<SizeResult> measured, int budget) {
        if (request.sampleUntilKnown() && cheapestOnly(request.strategy())) {
            return budget <= 0 ? List.of()
                    : CheapestSearch.standard(costs).next(measured, request.strategy()).map(c -> List.of(c.memoryMb())).orElse(List.of());
        }
        return Refinement.standard().next(measured, request.strategy(), budget);
    }

    private static boolean cheapestOnly(Strategy strategy) {
        return strategy.goal() == Strategy.Goal.COST && strategy.maxP95Ms().isEmpty();
    }

    /**
     * Sizes stop early once they cannot be the cheapest, when cheapest is all that is asked: a speed or balanced
     * goal, or a p95 limit the cheaper size might break, needs every size's own interval.
     */
    private static MemorySweep.EarlyStop earlyStop(Strategy strategy, CostModel costs) {
        return cheapestOnly(strategy) ? new CostDominance(costs) : (size, warm, measured) -> false;
    }

    /**
     * The deployed zip, built from the project and checked against $LATEST's CodeSha256, for versions on
     * another architecture; built once, and only if one is needed.
     */
    private Supplier<byte[]> deployedCode(Supplier<PackageResult> pack) {
        byte[][] built = {null};
        return () -> {
            if (built[0] == null) {
                PackageResult pkg = pack.get();
                requireDeployed(pkg.codeSha256());
                built[0] = pkg.bytes();
            }
            return built[0];
        };
    }

    /**
     * Refuses to measure a stage whose alias serves other code than $LATEST's: the versions measured are published
     * from $LATEST, and measuring code the stage does not run would recommend a size for the wrong code.
     */
    private void requireStageCode() {
        String stage = config.api().stage();
        String served;
        try {
            served = lambda.getAlias(r -> r.functionName(function).name(DeployNames.aliasOf(stage))).functionVersion();
        } catch (ResourceNotFoundException e) {
            return;
        }
        if (!Releases.isPublished(served)) {
            return;
        }
        String stageCode = lambda.getFunction(r -> r.functionName(function).qualifier(served)).configuration().codeSha256();
        String latestCode = lambda.getFunction(r -> r.functionName(function)).configuration().codeSha256();
        if (!stageCode.equals(latestCode)) {
            throw LambException.failed("stage " + stage + " serves version " + served + ", whose code is not $LATEST's (CodeSha256 "
                    + stageCode + ", $LATEST " + latestCode
                    + "), and tune measures versions of $LATEST's code: run 'lamb deploy --stage " + stage + "' first (it deploys "
                    + "the project's code to " + stage + "), or tune the stage that serves $LATEST's code");
        }
    }

    /** Refuses to build versions from the project's code when it is not what is deployed: deploy it first. */
    private void requireDeployed(String codeSha256) {
        String deployed = lambda.getFunction(r -> r.functionName(function)).configuration().codeSha256();
        if (!codeSha256.equals(deployed)) {
            throw LambException.usage("the project's code is not what is deployed (CodeSha256 " + codeSha256 + ", deployed "
                    + deployed + "): tuning another architecture uploads it, so deploy it first with 'lamb deploy'");
        }
    }

    /** The sizes, the invocations, and what they cost at most: each one billed the function's whole timeout. */
    public CostBound costBound(TuneRequest request) {
        CostModel costs = costs(request);
        int timeout = lambda.getFunction(r -> r.functionName(function)).configuration().timeout();
        return CostBound.of(function, request, costs, timeout);
    }

    /**
     * Puts the function back from a journal a killed run left, and deletes the versions any tune left
     * (found by their description); false when there was nothing to do.
     */
    public boolean restore(Supplier<PackageResult> pack) {
        return TuningVersions.restore(lambda, config.dir(), function, deployedCode(pack), progress);
    }

    /**
     * With --apply, sets the recommended memory on the function's $LATEST and waits until Lambda has it;
     * with --save, also writes it into lamb.toml, so that the next deploy keeps it.
     */
    public void apply(TuneRequest request, TuneResult result) {
        if (!request.apply() || result.recommended() == null) {
            return;
        }
        int mb = result.recommended().memoryMb();
        lambda.updateFunctionConfiguration(r -> r.functionName(function).memorySize(mb));
        LambdaWaits.untilReady(lambda, function, false);
        progress.accept("tune: " + function + "'s $LATEST now has " + mb + " MB; 'lamb deploy' publishes it to the alias");
        if (request.save()) {
            Path toml = config.dir().resolve(ProjectConfigLoader.FILE);
            TomlEditor.set(toml, "function", "memory", Integer.toString(mb));
            progress.accept("tune: lamb.toml now says memory = " + mb);
        }
    }
}
