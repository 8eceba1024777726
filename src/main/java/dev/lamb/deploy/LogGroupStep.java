package dev.lamb.deploy;

import java.util.Objects;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** The function's log group, made before the function first runs so that its retention applies from the start. */
final class LogGroupStep {
    static final String STEP = "logs";

    private final DeployRun run;
    private final int retentionDays;

    LogGroupStep(DeployRun run, int retentionDays) {
        this.run = run;
        this.retentionDays = retentionDays;
    }

    /** {@code group}: the log group as read before the deploy's first write; null when it does not exist. */
    void apply(LogGroup group) {
        String name = run.names.logGroup();
        CloudWatchLogsClient logs = run.aws.logs();
        if (group == null) {
            run.write(STEP, Change.Action.CREATE, name, "retention " + retentionDays + " days", () -> {
                try {
                    logs.createLogGroup(r -> r.logGroupName(name).tags(run.names.tags()));
                } catch (ResourceAlreadyExistsException e) {
                    // made between the look-up and now (a function's first invocation makes it too)
                }
                logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(retentionDays));
            });
        } else if (!Objects.equals(group.retentionInDays(), retentionDays)) {
            run.write(STEP, Change.Action.UPDATE, name, "retention " + (group.retentionInDays() == null ? "never expire"
                    : group.retentionInDays() + " days") + " -> " + retentionDays + " days",
                    () -> logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(retentionDays)));
        } else {
            run.unchanged(STEP, name);
        }
    }

    /** For destroy: false when the group is already gone. */
    static boolean delete(CloudWatchLogsClient logs, String name) {
        try {
            logs.deleteLogGroup(r -> r.logGroupName(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
