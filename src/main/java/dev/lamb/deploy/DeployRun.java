package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lamb.aws.AwsClients;

/**
 * What every step of one deploy shares: the clients, the names, what it read, the region, whether it is a dry run,
 * where progress goes, the step it is in and the changes so far. A write goes through {@link #write},
 * which a dry run records and skips.
 */
final class DeployRun {
    final AwsClients aws;
    final DeployNames names;
    /** The resources' state before the run's first write, each read once and shared by the steps. */
    final DeployReads reads;
    final String region;
    final boolean dryRun;
    final Consumer<String> progress;
    private final List<Change> changes = new ArrayList<>();
    private volatile String step = "";

    DeployRun(AwsClients aws, DeployNames names, String region, boolean dryRun, Consumer<String> progress) {
        this(aws, DeployReads.lazy(aws, names), region, dryRun, progress);
    }

    DeployRun(AwsClients aws, DeployReads reads, String region, boolean dryRun, Consumer<String> progress) {
        this.aws = aws;
        this.reads = reads;
        this.names = reads.names();
        this.region = region;
        this.dryRun = dryRun;
        this.progress = progress;
    }

    /**
     * Records a change and, unless this is a dry run, makes it. The progress line says which, and only once
     * the call succeeded: a create that fails never reads "created".
     */
    void write(String step, Change.Action action, String resource, String detail, Runnable call) {
        if (!dryRun) {
            call.run();
            progress.accept(step + ": " + action.describe(false) + " " + resource + (detail.isEmpty() ? "" : " (" + detail + ")"));
        }
        synchronized (changes) {
            changes.add(new Change(step, action, resource, detail));
        }
    }

    void unchanged(String step, String resource) {
        synchronized (changes) {
            changes.add(new Change(step, Change.Action.UNCHANGED, resource, ""));
        }
    }

    List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    boolean changedIn(String step) {
        return changes().stream().anyMatch(c -> c.step().equals(step) && c.changed());
    }

    /** Marks the step the deploy is in, for a failure or an interrupt to name. */
    void enter(String step) {
        this.step = step;
    }

    String step() {
        return step;
    }

    /** What this run has changed so far, as "created role R, updated F configuration", or "" when nothing. */
    String done() {
        return changes().stream().filter(Change::changed)
                .map(c -> c.action().describe(false) + " " + c.resource()).distinct().collect(Collectors.joining(", "));
    }
}
