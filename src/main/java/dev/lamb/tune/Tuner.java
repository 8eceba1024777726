package dev.lamb.tune;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.stats.Stats;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A tuning run's measurements: versions of the function at each memory size (first the given sizes,
 * then those a search around the best asks for), each invoked cold once and then warm, and everything
 * it made undone at the end, after a failure, and on Ctrl-C (by this thread, once the calls in flight
 * are done). What to make of the numbers is decided by {@code next}, the analysis, which is given all
 * measurements so far and answers the sizes to add.
 */
final class Tuner {
    private final LambdaClient lambda;
    private final Path projectDir;
    private final String function;
    private final String region;
    private final Consumer<String> progress;
    private SizeProgress bars;
    private TuneSignals signals = TuneSignals.none();
    /** The step under way, named in the line an interrupted run ends with. */
    private String step = "prepare";

    Tuner(LambdaClient lambda, Path projectDir, String function, String region, Consumer<String> progress) {
        this.lambda = lambda;
        this.projectDir = projectDir;
        this.function = function;
        this.region = region;
        this.progress = progress;
        this.bars = SizeProgress.lines(progress);
    }

    /** Stops, puts the function back and says what was done when {@code signals} asks (Ctrl-C); by default never. */
    Tuner withSignals(TuneSignals signals) {
        this.signals = signals;
        return this;
    }

    /** A bar per size while it is measured (on a terminal); by default only each size's finished line. */
    Tuner withBars(SizeProgress bars) {
        this.bars = bars;
        return this;
    }

    /**
     * How a run samples: warm invocations per size (with {@code auto}, the first batch, then more until the
     * billed mean's 95% interval is within ±5% or {@code cap} is reached), how many at once, and the event.
     */
    record Plan(List<Point> points, int invocations, boolean auto, int cap, int concurrency, byte[] payload, Supplier<byte[]> code,
            boolean cold) {
        static final double AUTO_TOLERANCE = 0.05;
    }

    /** One configuration to measure: a memory size on an architecture. */
    record Point(int memoryMb, String architecture) {}

    /** $LATEST's memory and architecture before the run, every size measured in the order measured, and when. */
    record Run(int originalMemory, String originalArchitecture, List<Measured> measured, Instant started,
            Instant ended) {}

    Run run(Plan plan, Function<List<Measured>, List<Point>> next) {
        step = "prepare";
        TuningVersions versions;
        try {
            versions = TuningVersions.begin(lambda, projectDir, function, region, plan.code(), progress, signals);
        } catch (LambException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw new LambException(ExitCode.INTERRUPTED, "interrupted during step 'prepare' (done: nothing; " + function
                        + " was not changed)");
            }
            throw e;
        }
        Instant started = Instant.now();
        List<Measured> measured = new ArrayList<>();
        try {
            measure(versions, plan, next, measured);
        } catch (RuntimeException e) {
            boolean interrupted = e instanceof LambException lamb && lamb.exitCode() == ExitCode.INTERRUPTED;
            List<String> published = versions.published();
            try {
                versions.finish();
            } catch (RuntimeException undo) {
                if (interrupted) {
                    throw new LambException(ExitCode.INTERRUPTED, "interrupted during step '" + step + "' (done: "
                            + done(published, measured) + "); putting " + function + " back failed (" + undo.getMessage()
                            + "): run 'lamb tune --restore'", undo);
                }
                progress.accept("tune: could not put " + function + " back (" + undo.getMessage() + "): run 'lamb tune --restore'");
                e.addSuppressed(undo);
            }
            if (interrupted) {
                throw interrupted(step, done(published, measured), function);
            }
            throw e;
        }
        versions.finish();
        if (signals.stopped()) {
            throw interrupted("restore", "every size measured", function);
        }
        return new Run(versions.originalMemory(), versions.originalArchitecture(), measured, started, Instant.now());
    }

    /** The line a run stopped by a signal ends with, once the function is put back. */
    static LambException interrupted(String step, String done, String function) {
        return new LambException(ExitCode.INTERRUPTED, "interrupted during step '" + step + "' (done: " + done + "); "
                + function + " is as it was, its tuning versions deleted");
    }

    /** What an interrupted run had done: "versions 5, 6 published, 128 MB x86_64 measured". */
    private static String done(List<String> published, List<Measured> measured) {
        List<String> parts = new ArrayList<>();
        if (!published.isEmpty()) {
            parts.add((published.size() == 1 ? "version " : "versions ") + String.join(", ", published) + " published");
        }
        if (!measured.isEmpty()) {
            parts.add(measured.stream().map(m -> m.memoryMb() + " MB " + m.architecture()).distinct()
                    .collect(Collectors.joining(", ")) + " measured");
        }
        return parts.isEmpty() ? "nothing yet" : String.join(", ", parts);
    }

    private void measure(TuningVersions versions, Plan plan, Function<List<Measured>, List<Point>> next, List<Measured> measured) {
        VersionSampler sampler = new VersionSampler(lambda, function, plan.payload(), signals);
        List<Point> points = plan.points();
        boolean refined = false;
        while (!points.isEmpty()) {
            if (plan.cold()) {
                step = "publish";
                Map<Point, List<String>> published = publishCold(versions, points, plan.invocations());
                step = "measure";
                for (Map.Entry<Point, List<String>> size : published.entrySet()) {
                    Point point = size.getKey();
                    SizeProgress.Bar bar = bars.start("tune: " + point.memoryMb() + " MB " + point.architecture(), size.getValue().size());
                    sampler.onInvocation(bar::tick);
                    Measured m = sampler.coldSamples(point.memoryMb(), point.architecture(), size.getValue(), refined);
                    bar.done("tune: " + point.memoryMb() + " MB " + point.architecture() + ": " + m.invocations()
                            + " cold starts on " + size.getValue().size() + " versions");
                    measured.add(m);
                }
                points = next.apply(List.copyOf(measured));
                refined = true;
                continue;
            }
            step = "publish";
            Map<Point, String> published = publish(versions, points);
            step = "measure";
            for (Map.Entry<Point, String> size : published.entrySet()) {
                Point point = size.getKey();
                SizeProgress.Bar bar = bars.start("tune: " + point.memoryMb() + " MB " + point.architecture(),
                        plan.auto() ? 0 : plan.invocations() + 1);
                sampler.onInvocation(bar::tick);
                Measured m = sampler.sampleUntil(point.memoryMb(), point.architecture(), size.getValue(), plan.invocations(),
                        plan.auto() ? plan.cap() : plan.invocations(), plan.concurrency(), refined, reports -> !plan.auto()
                        || Stats.of(reports.stream().map(r -> r.billedDurationMs()).toList()).converged(Plan.AUTO_TOLERANCE));
                bar.done("tune: " + point.memoryMb() + " MB " + point.architecture() + " (version " + size.getValue() + "): "
                        + m.invocations() + " invocations" + (m.failures().isEmpty() ? "" : ", failing: " + m.failures().get(0)));
                measured.add(m);
            }
            points = next.apply(List.copyOf(measured));
            refined = true;
        }
        // a stop asked for during the last invocation is one during the measuring, not the restoring after it
        signals.check();
    }

    /** --cold: {@code count} versions per size, each invoked once, so that every invocation is a cold start. */
    private Map<Point, List<String>> publishCold(TuningVersions versions, List<Point> points, int count) {
        Map<Point, List<String>> published = new LinkedHashMap<>();
        try {
            for (Point point : points) {
                List<String> numbers = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    numbers.add(versions.publish(point.memoryMb(), point.architecture(), ", cold " + i));
                }
                published.put(point, numbers);
            }
        } finally {
            versions.restoreLatest();
        }
        return published;
    }

    /** A version per size, then $LATEST put back at once: it is never left tuned while the versions are measured. */
    private Map<Point, String> publish(TuningVersions versions, List<Point> points) {
        Map<Point, String> published = new LinkedHashMap<>();
        try {
            for (Point point : points) {
                published.put(point, versions.publish(point.memoryMb(), point.architecture()));
            }
        } finally {
            versions.restoreLatest();
        }
        return published;
    }
}
