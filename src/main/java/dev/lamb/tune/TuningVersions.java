package dev.lamb.tune;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.function.Consumer;

import dev.lamb.aws.LambdaWaits;
import dev.lamb.deploy.Retries;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The versions a tuning run measures, one per memory size, made without ever tuning the live function
 * under traffic: $LATEST is set to the size just long enough to publish a version of it, and put back
 * as soon as the versions exist. Every step is in the journal first, so that {@link #repair} undoes
 * whatever a killed run left: $LATEST's memory and description, and the versions it published.
 */
final class TuningVersions {
    private final LambdaClient lambda;
    private final Path projectDir;
    private final Retries retries;
    private final Consumer<String> progress;
    private final Set<String> existing;
    private final Supplier<byte[]> code;
    private TuneJournal journal;

    private TuningVersions(LambdaClient lambda, Path projectDir, Consumer<String> progress, TuneJournal journal, Set<String> existing,
            Supplier<byte[]> code) {
        this.lambda = lambda;
        this.projectDir = projectDir;
        this.retries = new Retries(progress);
        this.progress = progress;
        this.journal = journal;
        this.existing = existing;
        this.code = code;
    }

    /**
     * Repairs what an earlier run left, then records the function's configuration before touching it.
     * {@code code} is the deployed zip, needed only to build versions on another architecture (and to put
     * $LATEST's back), so it is asked for only then.
     */
    static TuningVersions begin(LambdaClient lambda, Path projectDir, String function, String region, Supplier<byte[]> code,
            Consumer<String> progress) {
        repair(lambda, projectDir, code, progress);
        FunctionConfiguration latest = LambdaWaits.untilReady(lambda, function, false);
        TuneJournal journal = new TuneJournal(function, region, latest.memorySize(), architectureOf(latest),
                latest.description() == null ? "" : latest.description(), java.util.List.of());
        journal.write(projectDir);
        Set<String> existing = lambda.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream()
                .map(FunctionConfiguration::version).collect(Collectors.toSet());
        return new TuningVersions(lambda, projectDir, progress, journal, existing, code);
    }

    int originalMemory() {
        return journal.memory();
    }

    String originalArchitecture() {
        return journal.architecture();
    }

    /** Publishes a version at {@code memoryMb} on {@code architecture}; $LATEST stays so until {@link #restoreLatest}. */
    String publish(int memoryMb, String architecture) {
        return publish(memoryMb, architecture, "");
    }

    /** The same, {@code tag} making the version distinct from others of the same size (--cold makes one per invocation). */
    String publish(int memoryMb, String architecture, String tag) {
        String name = journal.function();
        setArchitecture(lambda, name, architecture, code, retries);
        // A description of its own makes each version new, even at the function's current size.
        String description = "lamb tune: " + memoryMb + " MB" + tag;
        retries.whileConflicting("tune", () -> lambda.updateFunctionConfiguration(r -> r.functionName(name)
                .memorySize(memoryMb).description(description)));
        LambdaWaits.untilReady(lambda, name, false);
        String version = retries.whileConflicting("tune", () -> lambda.publishVersion(r -> r.functionName(name)
                .description(description))).version();
        // Lambda answers with an existing version when nothing differs from it: that one is not ours to delete.
        if (!existing.contains(version)) {
            journal = journal.withVersion(version);
            journal.write(projectDir);
        }
        return version;
    }

    /** Puts $LATEST's memory, architecture and description back as they were. */
    void restoreLatest() {
        restoreLatest(lambda, journal, code, retries);
    }

    /** Restores $LATEST, deletes every version this run published, and drops the journal. */
    synchronized void finish() {
        undo(lambda, journal, code, retries, progress);
        TuneJournal.delete(projectDir);
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

    private static void undo(LambdaClient lambda, TuneJournal journal, Supplier<byte[]> code, Retries retries,
            Consumer<String> progress) {
        restoreLatest(lambda, journal, code, retries);
        for (String version : journal.versions()) {
            try {
                retries.whileConflicting("tune", () -> lambda.deleteFunction(r -> r.functionName(journal.function()).qualifier(version)));
            } catch (ResourceNotFoundException e) {
                // already deleted by the run that was interrupted
            }
        }
        if (!journal.versions().isEmpty()) {
            progress.accept("tune: deleted the tuning versions " + String.join(", ", journal.versions()));
        }
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
        if (latest.memorySize() != journal.memory() || !description.equals(journal.description())) {
            retries.whileConflicting("tune", () -> lambda.updateFunctionConfiguration(r -> r.functionName(name)
                    .memorySize(journal.memory()).description(journal.description())));
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
