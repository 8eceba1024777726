package dev.lamb.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.lamb.aws.LambdaWaits;
import dev.lamb.aws.Releases;
import dev.lamb.aws.Retries;
import dev.lamb.deploy.StageSettings;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The versions a tuning run measures, one per memory size, made without ever tuning the live function
 * under traffic: $LATEST is set to the size (and, tuning a stage whose settings it does not hold, to the
 * stage's settings) just long enough to publish a version of it, and put back as soon as the versions exist.
 * Every publish is in the journal before it is made, so that {@link #repair} undoes whatever a killed run left:
 * $LATEST's memory, architecture, description and settings, and the versions it published. Each version is
 * described "lamb tune: ...", which finds leftovers even when no journal knows them ({@link #restore}).
 */
final class TuningVersions {
    private final LambdaClient lambda;
    private final Path projectDir;
    private final Retries retries;
    private final Consumer<String> progress;
    private final Set<String> existing;
    private final Supplier<byte[]> code;
    private final TuneSignals signals;
    /** The stage's settings each version is published with, when $LATEST holds others; else null (its own). */
    private final StageSettings settings;
    /** Tells this run's versions from an earlier run's of the same size. */
    private final String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    private TuneJournal journal;

    private TuningVersions(LambdaClient lambda, Path projectDir, Consumer<String> progress, TuneJournal journal, Set<String> existing,
            Supplier<byte[]> code, TuneSignals signals, StageSettings settings) {
        this.lambda = lambda;
        this.projectDir = projectDir;
        this.retries = new Retries(progress);
        this.progress = progress;
        this.journal = journal;
        this.existing = existing;
        this.code = code;
        this.signals = signals;
        this.settings = settings;
    }

    /**
     * Repairs what an earlier run left, then records the function's configuration before touching it: its
     * settings too when they are not {@code stage}'s (null: the function's own are measured). {@code code} is the
     * deployed zip, needed only to build versions on another architecture (and to put $LATEST's back), so it is
     * asked for only then.
     */
    static TuningVersions begin(LambdaClient lambda, Path projectDir, String function, String region, Supplier<byte[]> code,
            Consumer<String> progress, TuneSignals signals, StageSettings stage) {
        repair(lambda, projectDir, code, progress);
        signals.check();
        FunctionConfiguration latest = LambdaWaits.untilReady(lambda, function, false);
        List<String> differences = stage == null ? List.of() : stage.differences(latest);
        if (!differences.isEmpty()) {
            progress.accept("tune: $LATEST's settings are not the stage's (" + String.join(", ", differences)
                    + "): each size is measured with the stage's, and $LATEST gets its own back after");
        }
        TuneJournal journal = TuneJournal.of(function, region, latest.memorySize(), architectureOf(latest),
                latest.description() == null ? "" : latest.description(), differences.isEmpty() ? null : LatestSettings.of(latest));
        journal.write(projectDir);
        List<FunctionConfiguration> versions = versions(lambda, function);
        List<String> leftovers = versions.stream().filter(Releases::isTuning).map(FunctionConfiguration::version).toList();
        if (!leftovers.isEmpty()) {
            progress.accept("tune: versions " + String.join(", ", leftovers) + " of " + function + " are an earlier tune's leftovers; "
                    + "'lamb tune --restore' deletes them");
        }
        Set<String> existing = versions.stream().map(FunctionConfiguration::version).collect(Collectors.toSet());
        return new TuningVersions(lambda, projectDir, progress, journal, existing, code, signals,
                differences.isEmpty() ? null : stage);
    }

    /** The size the function runs at now: the stage's, when the versions get its settings; else $LATEST's. */
    int originalMemory() {
        return settings == null ? journal.memory() : settings.memory();
    }

    String originalArchitecture() {
        return journal.architecture();
    }

    /** The versions published so far, in order. */
    List<String> published() {
        return journal.versions();
    }

    /** Publishes a version at {@code memoryMb} on {@code architecture}; $LATEST stays so until {@link #restoreLatest}. */
    String publish(int memoryMb, String architecture) {
        return publish(memoryMb, architecture, "");
    }

    /**
     * The same, {@code tag} making the version distinct from others of the same size (--cold makes one per
     * invocation). A stop asked for before the version is published publishes nothing.
     */
    String publish(int memoryMb, String architecture, String tag) {
        String name = journal.function();
        signals.check();
        setArchitecture(lambda, name, architecture, code, retries);
        // A description of its own makes each version new, even at the function's current size and after an
        // earlier run's version of the same size: Lambda would answer that one, unchanged, and it may be a release.
        String description = Releases.TUNING_DESCRIPTION + memoryMb + " MB" + tag + " (run " + run + ")";
        retries.whileConflicting("tune", () -> lambda.updateFunctionConfiguration(r -> {
            if (settings != null) {
                settings.applyTo(r);
            }
            r.functionName(name).memorySize(memoryMb).description(description);
        }));
        LambdaWaits.untilReady(lambda, name, false);
        signals.check();
        journal = journal.publishing(description);
        journal.write(projectDir);
        String version = retries.whileConflicting("tune", () -> lambda.publishVersion(r -> r.functionName(name)
                .description(description))).version();
        // Lambda answers with an existing version when nothing differs from it: that one is not ours to delete.
        journal = journal.published(description, existing.contains(version) ? null : version);
        journal.write(projectDir);
        return version;
    }

    /** Puts $LATEST's memory, architecture, description and settings back as they were. */
    void restoreLatest() {
        restoreLatest(lambda, journal, code, retries);
    }

    /** Restores $LATEST, deletes every version this run published, and drops the journal; the versions deleted. */
    List<String> finish() {
        List<String> deleted = undo(lambda, journal, code, retries, progress);
        TuneJournal.delete(projectDir);
        return deleted;
    }

    /** Undoes a run recorded in the project's journal, if there is one; true when there was. */
    static boolean repair(LambdaClient lambda, Path projectDir, Supplier<byte[]> code, Consumer<String> progress) {
        var left = TuneJournal.read(projectDir);
        if (left.isEmpty()) {
            return false;
        }
        progress.accept("tune: repairing what an earlier run left (" + TuneJournal.file(projectDir) + ")");
        undo(lambda, left.get(), code, new Retries(progress), progress);
        TuneJournal.delete(projectDir);
        return true;
    }

    /**
     * --restore: repairs from the journal, then deletes every version of {@code function} that a tune
     * published and no alias serves, found by its description even when no journal lists it. True when
     * there was anything to do.
     */
    static boolean restore(LambdaClient lambda, Path projectDir, String function, Supplier<byte[]> code,
            Consumer<String> progress) {
        boolean repaired = repair(lambda, projectDir, code, progress);
        List<FunctionConfiguration> versions;
        try {
            versions = versions(lambda, function);
        } catch (ResourceNotFoundException e) {
            return repaired;
        }
        Set<String> aliased = Releases.aliased(lambda, function);
        List<String> leftovers = new ArrayList<>();
        for (FunctionConfiguration v : versions) {
            if (!Releases.isTuning(v)) {
                continue;
            }
            if (aliased.contains(v.version())) {
                progress.accept("tune: version " + v.version() + " (" + v.description() + ") is left: an alias serves it; "
                        + "'lamb deploy' moves the alias to a release");
            } else {
                leftovers.add(v.version());
            }
        }
        delete(lambda, function, leftovers, new Retries(progress), progress);
        FunctionConfiguration latest = versions.stream().filter(v -> "$LATEST".equals(v.version())).findFirst().orElse(null);
        if (latest != null && Releases.isTuningDescription(latest.description())) {
            progress.accept("tune: $LATEST is still described '" + latest.description() + "' and no journal says what it was: "
                    + "'lamb deploy' sets its memory from lamb.toml");
        }
        return repaired || !leftovers.isEmpty();
    }

    private static List<String> undo(LambdaClient lambda, TuneJournal journal, Supplier<byte[]> code, Retries retries,
            Consumer<String> progress) {
        restoreLatest(lambda, journal, code, retries);
        Set<String> ours = new LinkedHashSet<>(journal.versions());
        if (!journal.pending().isEmpty()) {
            // A publish the run did not live to record: its version is the one with its description.
            try {
                versions(lambda, journal.function()).stream()
                        .filter(v -> Releases.isTuning(v) && journal.pending().contains(v.description()))
                        .forEach(v -> ours.add(v.version()));
            } catch (ResourceNotFoundException e) {
                return List.of();
            }
        }
        return delete(lambda, journal.function(), List.copyOf(ours), retries, progress);
    }

    private static List<String> delete(LambdaClient lambda, String function, List<String> versions, Retries retries,
            Consumer<String> progress) {
        for (String version : versions) {
            try {
                retries.whileConflicting("tune", () -> lambda.deleteFunction(r -> r.functionName(function).qualifier(version)));
            } catch (ResourceNotFoundException e) {
                // already deleted by the run that was interrupted
            }
        }
        if (!versions.isEmpty()) {
            progress.accept("tune: deleted the tuning versions " + String.join(", ", versions));
        }
        return versions;
    }

    private static List<FunctionConfiguration> versions(LambdaClient lambda, String function) {
        return lambda.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream().toList();
    }

    private static void restoreLatest(LambdaClient lambda, TuneJournal journal, Supplier<byte[]> code, Retries retries) {
        String name = journal.function();
        if (journal.architecture() != null) {
            try {
                setArchitecture(lambda, name, journal.architecture(), code, retries);
            } catch (ResourceNotFoundException e) {
                return;
            }
        }
        FunctionConfiguration latest;
        try {
            latest = LambdaWaits.untilReady(lambda, name, false);
        } catch (ResourceNotFoundException e) {
            return;
        }
        String description = latest.description() == null ? "" : latest.description();
        LatestSettings settings = journal.settings();
        boolean settingsDiffer = settings != null && !settings.equals(LatestSettings.of(latest));
        if (latest.memorySize() != journal.memory() || !description.equals(journal.description()) || settingsDiffer) {
            retries.whileConflicting("tune", () -> lambda.updateFunctionConfiguration(r -> {
                if (settingsDiffer) {
                    settings.applyTo(r);
                }
                r.functionName(name).memorySize(journal.memory()).description(journal.description());
            }));
            LambdaWaits.untilReady(lambda, name, false);
        }
    }

    /**
     * Moves $LATEST to {@code architecture} when it is on another: the architecture is part of the code,
     * so the deployed zip is uploaded again with it (the same bytes, the same CodeSha256).
     */
    private static void setArchitecture(LambdaClient lambda, String name, String architecture, Supplier<byte[]> code,
            Retries retries) {
        FunctionConfiguration latest = LambdaWaits.untilReady(lambda, name, false);
        if (architecture.equals(architectureOf(latest))) {
            return;
        }
        byte[] zip = code.get();
        retries.whileConflicting("tune", () -> lambda.updateFunctionCode(r -> r.functionName(name)
                .zipFile(SdkBytes.fromByteArrayUnsafe(zip)).architectures(Architecture.fromValue(architecture))));
        LambdaWaits.untilReady(lambda, name, false);
    }

    static String architectureOf(FunctionConfiguration config) {
        return config.architectures() == null || config.architectures().isEmpty() ? "x86_64" : config.architecturesAsStrings().get(0);
    }
}
