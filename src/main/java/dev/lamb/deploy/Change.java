package dev.lamb.deploy;

/**
 * One thing a deploy did, or with --dry-run would do, to one resource: created, updated (with what
 * differs), deleted, adopted, or left as it was.
 */
public record Change(String step, Action action, String resource, String detail) {
    public enum Action {
        CREATE("created", "create"), UPDATE("updated", "update"), DELETE("deleted", "delete"),
        /** A route taken out of lamb.toml: its method and integration, so that it stops answering. */
        REMOVE("removed", "remove"), UNCHANGED("unchanged", "leave"),
        /** Tagged as lamb's by `lamb deploy --adopt`: a resource lamb did not make, taken over. */
        ADOPT("adopted", "adopt");

        private final String done;
        private final String planned;

        Action(String done, String planned) {
            this.done = done;
            this.planned = planned;
        }

        public String describe(boolean dryRun) {
            return dryRun ? "would " + planned : done;
        }
    }

    public boolean changed() {
        return action != Action.UNCHANGED;
    }
}
