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
import dev.lamb.deploy.StageSettings;
import dev.lamb.lambda.ReportLine;
import dev.lamb.stats.Stats;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The memory sweep: versions of the function at each memory size (first the given sizes,
 * then those a search around the best asks for), each invoked cold once and then warm, and everything
 * it made undone at the end, after a failure, and on Ctrl-C (by this thread, once the calls in flight
 * are done). What to make of the numbers is decided by {@code next}, the analysis, which is given all
 * measurements so far and answers the sizes to add.
 */
final class MemorySweep {
    private final LambdaClient lambda;
    private final Path projectDir;
    private final String function;
    private final String region;
    private final Consumer<String> progress;
    private SizeProgress bars;
    private TuneSignals signals = TuneSignals.none();
    private EarlyStop earlyStop = (size, warm, measured) -> false;
    private StageSettings settings;
    /** The step under way, named in the line an interrupted run ends with. */
    private String step = "prepare";

    MemorySweep(LambdaClient lambda, Path projectDir, String function, String region, Consumer<String> progress) {
        this.lambda = lambda;
        this.projectDir = projectDir;
        this.function = function;
        this.region = region;
        this.progress = progress;
        this.bars = SizeProgress.lines(progress);
    }

    /** Stops, puts the function back and says what was done when {@code signals} asks (Ctrl-C); by default never. */
    MemorySweep withSignals(TuneSignals signals) {
        this.signals = signals;
        return this;
    }

    /** Measures each size with a stage's settings (put on $LATEST for the sweep); by default with $LATEST's own. */
    MemorySweep withSettings(StageSettings settings) {
        this.settings = settings;
        return this;
    }

    /** With --auto, also stops sampling a size once {@code stop} says it can no longer win; by default only the ±5% rule does. */
    MemorySweep withEarlyStop(EarlyStop stop) {
        this.earlyStop = stop;
        return this;
    }

    /** Whether a size, from its warm reports so far, can no longer win against the sizes already measured. */
    interface EarlyStop {
        boolean cannotWin(SizeToTry size, List<ReportLine> warm, List<Measured> measured);
    }

    /** A bar per size while it is measured (on a terminal); by default only each size's finished line. */
    MemorySweep withBars(SizeProgress bars) {
        this.bars = bars;
        return this;
    }

    /**
     * The sizes to try first and how each is sampled: warm invocations per size (with {@code auto}, the first
     * batch, then more until the billed mean's 95% interval is within ±5% or {@code cap} is reached), how many
     * at once, and the event.
     */
    record Sampling(List<SizeToTry> sizes, int invocations, boolean auto, int cap, int concurrency, EventMix events,
            Supplier<byte[]> code, boolean cold) {
        static final double AUTO_TOLERANCE = 0.05;
    }

    /** One configuration to measure: a memory size on an architecture. */
    record SizeToTry(int memoryMb, String architecture) {}

    /** What the sweep measured: $LATEST's memory and architecture before it, every size in the order measured, and when. */
    record Measurements(int originalMemory, String originalArchitecture, List<Measured> measured, Instant started,
            Instant ended) {}

    Measurements run(Sampling sampling, Function<List<Measured>, List<SizeToTry>> next) {
        step = "prepare";
        TuningVersions versions;
        try {
            versions = TuningVersions.begin(lambda, projectDir, function, region, sampling.code(), progress, signals, settings);
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
            measure(versions, sampling, next, measured);
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
        return new Measurements(versions.originalMemory(), versions.originalArchitecture(), measured, started, Instant.now());
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

    private void measure(TuningVersions versions, Sampling sampling, Function<List<Measured>, List<SizeToTry>> next, List<Measured> measured) {
        VersionSampler sampler = new VersionSampler(lambda, function, sampling.events(), signals);
        List<SizeToTry> sizes = sampling.sizes();
        boolean refined = false;
        while (!sizes.isEmpty()) {
            if (sampling.cold()) {
                step = "publish";
                Map<SizeToTry, List<String>> published = publishCold(versions, sizes, sampling.invocations());
                step = "measure";
                for (Map.Entry<SizeToTry, List<String>> size : published.entrySet()) {
                    SizeToTry point = size.getKey();
                    SizeProgress.Bar bar = bars.start("tune: " + point.memoryMb() + " MB " + point.architecture(), size.getValue().size());
                    sampler.onInvocation(bar::tick);
                    Measured m = sampler.coldSamples(point.memoryMb(), point.architecture(), size.getValue(), refined);
                    bar.done("tune: " + point.memoryMb() + " MB " + point.architecture() + ": " + m.invocations()
                            + " cold starts on " + size.getValue().size() + " versions");
                    measured.add(m);
                }
                sizes = next.apply(List.copyOf(measured));
                refined = true;
                continue;
            }
            step = "publish";
            Map<SizeToTry, String> published = publish(versions, sizes);
            step = "measure";
            for (Map.Entry<SizeToTry, String> size : published.entrySet()) {
                SizeToTry point = size.getKey();
                SizeProgress.Bar bar = bars.start("tune: " + point.memoryMb() + " MB " + point.architecture(),
                        sampling.auto() ? 0 : sampling.invocations() + 1);
                sampler.onInvocation(bar::tick);
                Measured m = sampler.sampleUntil(point.memoryMb(), point.architecture(), size.getValue(), sampling.invocations(),
                        sampling.auto() ? sampling.cap() : sampling.invocations(), sampling.concurrency(), refined, reports -> !sampling.auto()
                        || Stats.of(reports.stream().map(r -> r.billedDurationMs()).toList()).converged(Sampling.AUTO_TOLERANCE)
                        || earlyStop.cannotWin(point, reports, measured));
                bar.done("tune: " + point.memoryMb() + " MB " + point.architecture() + " (version " + size.getValue() + "): "
                        + m.invocations() + " invocations" + (m.failures().isEmpty() ? "" : ", failing: " + m.failures().get(0)));
                measured.add(m);
            }
            sizes = next.apply(List.copyOf(measured));
            refined = true;
        }
        // a stop asked for during the last invocation is one during the measuring, not the restoring after it
        signals.check();
    }

    /** --cold: {@code count} versions per size, each invoked once, so that every invocation is a cold start. */
    private Map<SizeToTry, List<String>> publishCold(TuningVersions versions, List<SizeToTry> sizes, int count) {
        Map<SizeToTry, List<String>> published = new LinkedHashMap<>();
        try {
            for (SizeToTry point : sizes) {
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
    private Map<SizeToTry, String> publish(TuningVersions versions, List<SizeToTry> sizes) {
        Map<SizeToTry, String> published = new LinkedHashMap<>();
        try {
            for (SizeToTry point : sizes) {
                published.put(point, versions.publish(point.memoryMb(), point.architecture()));
            }
        } finally {
            versions.restoreLatest();
        }
        return published;
    }
}
