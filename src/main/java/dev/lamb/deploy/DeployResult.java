package dev.lamb.deploy;

import java.util.List;

/**
 * What a deploy did (or would do): the changes, where the function answers (the API's routes, and the stage's Function
 * URL, null when it has none), and the AWS calls it took.
 */
public record DeployResult(String function, String region, String alias, String version, String apiId, List<String> urls,
        List<Change> changes, boolean dryRun, int readCalls, int writeCalls, String functionUrl) {
    public boolean changed() {
        return changes.stream().anyMatch(Change::changed);
    }

    /** Whether it takes over (--adopt) resources that lamb did not make. */
    public boolean adopts() {
        return changes.stream().anyMatch(c -> c.action() == Change.Action.ADOPT);
    }
}
