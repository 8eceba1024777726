package dev.lamb.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A tuning run's measurements: versions of the function at each memory size (first the given sizes,
 * then those a search around the best asks for), each invoked cold once and then warm, and everything
 * it made undone at the end, after a failure, and on Ctrl-C. What to make of the numbers is decided
 * by {@code next}, the analysis, which is given all measurements so far and answers the sizes to add.
 */
final class Tuner {
    private final LambdaClient lambda;
    private final Path projectDir;
    private final String function;
    private final String region;
    private final Consumer<String> progress;

    Tuner(LambdaClient lambda, Path projectDir, String function, String region, Consumer<String> progress) {
        this.lambda = lambda;
        this.projectDir = projectDir;
        this.function = function;
        this.region = region;
        this.progress = progress;
    }

    /**
     * How a run samples: warm invocations per size (with {@code auto}, the first batch, then more until the
     * billed mean's 95% interval is within ±5% or {@code cap} is reached), how many at once, and the event.
     */
    record Plan(List<Integer> sizes, String architecture, int invocations, boolean auto, int cap, int concurrency, byte[] payload) {
        static final double AUTO_TOLERANCE = 0.05;
    }

    /** The configured memory of $LATEST before the run, and every size measured, in the order measured. */
    record Run(int originalMemory, List<Measured> measured) {}

    Run run(Plan plan, Function<List<Measured>, List<Integer>> next) {
        TuningVersions versions = TuningVersions.begin(lambda, projectDir, function, region, progress);
        Thread undo = new Thread(versions::finish, "lamb-tune-undo");
        // Ctrl-C skips finally blocks: the hook puts the function back all the same.
        Runtime.getRuntime().addShutdownHook(undo);
        try {
            VersionSampler sampler = new VersionSampler(lambda, function, plan.payload());
            List<Measured> measured = new ArrayList<>();
            List<Integer> sizes = plan.sizes();
            boolean refined = false;
            while (!sizes.isEmpty()) {
                Map<Integer, String> published = publish(versions, sizes);
                for (Map.Entry<Integer, String> size : published.entrySet()) {
                    Measured m = sampler.sampleUntil(size.getKey(), plan.architecture(), size.getValue(), plan.invocations(),
                            plan.auto() ? plan.cap() : plan.invocations(), plan.concurrency(), refined, reports -> !plan.auto()
                            || Stats.of(reports.stream().map(r -> r.billedDurationMs()).toList()).converged(Plan.AUTO_TOLERANCE));
                    progress.accept("tune: " + size.getKey() + " MB (version " + size.getValue() + "): "
                            + (m.warm().size() + 1) + " invocations" + (m.failures().isEmpty() ? "" : ", failing: " + m.failures().get(0)));
                    measured.add(m);
                }
                sizes = next.apply(List.copyOf(measured));
                refined = true;
            }
            return new Run(versions.originalMemory(), measured);
        } finally {
            versions.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(undo);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs finish() again, which finds nothing left to undo
            }
        }
    }

    /** A version per size, then $LATEST put back at once: it is never left tuned while the versions are measured. */
    private Map<Integer, String> publish(TuningVersions versions, List<Integer> sizes) {
        Map<Integer, String> published = new LinkedHashMap<>();
        try {
            for (int size : sizes) {
                published.put(size, versions.publish(size));
            }
        } finally {
            versions.restoreLatest();
        }
        return published;
    }
}
