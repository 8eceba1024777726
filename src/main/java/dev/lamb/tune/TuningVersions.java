package dev.lamb.tune;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Consumer;

import dev.lamb.aws.LambdaWaits;
import dev.lamb.deploy.Retries;
import software.amazon.awssdk.services.lambda.LambdaClient;
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
    private TuneJournal journal;

    private TuningVersions(LambdaClient lambda, Path projectDir, Consumer<String> progress, TuneJournal journal, Set<String> existing) {
        this.lambda = lambda;
        this.projectDir = projectDir;
        this.retries = new Retries(progress);
        this.progress = progress;
        this.journal = journal;
        this.existing = existing;
    }

    /** Repairs what an earlier run left, then records the function's configuration before touching it. */
    static TuningVersions begin(LambdaClient lambda, Path projectDir, String function, String region, Consumer<String> progress) {
        repair(lambda, projectDir, progress);
        FunctionConfiguration latest = LambdaWaits.untilReady(lambda, function, false);
        TuneJournal journal = new TuneJournal(function, region, latest.memorySize(),
                latest.description() == null ? "" : latest.description(), java.util.List.of());
        journal.write(projectDir);
        Set<String> existing = lambda.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream()
                .map(FunctionConfiguration::version).collect(Collectors.toSet());
        return new TuningVersions(lambda, projectDir, progress, journal, existing);
    }

    int originalMemory() {
        return journal.memory();
    }

    /** Publishes a version of the function at {@code memoryMb}; $LATEST is left at that size until {@link #restoreLatest}. */
    String publish(int memoryMb) {
        String name = journal.function();
        // A description of its own makes each version new, even at the function's current size.
        retries.whileConflicting("tune", () -> lambda.updateFunctionConfiguration(r -> r.functionName(name)
                .memorySize(memoryMb).description("lamb tune: " + memoryMb + " MB")));
        LambdaWaits.untilReady(lambda, name, false);
        String version = retries.whileConflicting("tune", () -> lambda.publishVersion(r -> r.functionName(name)
                .description("lamb tune: " + memoryMb + " MB"))).version();
        // Lambda answers with an existing version when nothing differs from it: that one is not ours to delete.
        if (!existing.contains(version)) {
            journal = journal.withVersion(version);
            journal.write(projectDir);
        }
        return version;
    }

    /** Puts $LATEST's memory and description back as they were. */
    void restoreLatest() {
        restoreLatest(lambda, journal, retries);
    }

    /** Restores $LATEST, deletes every version this run published, and drops the journal. */
    void finish() {
        undo(lambda, journal, retries, progress);
        TuneJournal.delete(projectDir);
    }

    /** Undoes a run recorded in the project's journal, if there is one; true when there was. */
    static boolean repair(LambdaClient lambda, Path projectDir, Consumer<String> progress) {
        var left = TuneJournal.read(projectDir);
        if (left.isEmpty()) {
            return false;
        }
        progress.accept("tune: repairing what an earlier run left (" + TuneJournal.file(projectDir) + ")");
        undo(lambda, left.get(), new Retries(progress), progress);
        TuneJournal.delete(projectDir);
        return true;
    }

    private static void undo(LambdaClient lambda, TuneJournal journal, Retries retries, Consumer<String> progress) {
        restoreLatest(lambda, journal, retries);
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

    private static void restoreLatest(LambdaClient lambda, TuneJournal journal, Retries retries) {
        String name = journal.function();
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
}
