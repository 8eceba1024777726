package dev.lamb.deploy;

import java.util.List;

/**
 * What `lamb destroy` found to remove, in the order it removes it, and what it found but leaves alone
 * (a role that is not lamb's, logs kept with --keep-logs), each with why.
 */
public record DestroyPlan(String function, String region, List<Removal> removals, List<String> kept) {
    /** One resource to delete: the deploy step that made it, what it is, its id, and what goes with it. */
    public record Removal(String step, String resource, String id, String detail) {
        public String describe() {
            return resource + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    public boolean empty() {
        return removals.isEmpty();
    }
}
