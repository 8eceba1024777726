package dev.lamb.deploy;

/** What a rollback moved (or with --dry-run would move): the alias, from one published version to another. */
public record RollbackResult(String function, String region, String alias, String from, String to, boolean dryRun) {
    /** False when the alias already pointed to the version asked for. */
    public boolean moved() {
        return !from.equals(to);
    }
}
