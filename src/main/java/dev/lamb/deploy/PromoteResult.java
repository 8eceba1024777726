package dev.lamb.deploy;

import java.util.List;

/**
 * What `lamb promote FROM TO` did (or with --dry-run would do): the version FROM's alias serves, the one TO's
 * alias served before (null when TO was never deployed) and serves now, whether that is a new version of the
 * same code published with TO's settings ({@code settings} says how they differ), the changes, and TO's URLs.
 */
public record PromoteResult(String function, String region, String from, String to, String fromVersion, String previous,
        String version, boolean published, List<String> settings, List<Change> changes, List<String> urls, boolean dryRun) {
    public boolean changed() {
        return changes.stream().anyMatch(Change::changed);
    }
}
