package dev.lamb.deploy;

import java.util.List;

/** What a destroy removed (or with --dry-run would remove), and what it left in place and why. */
public record DestroyResult(String function, String region, List<DestroyPlan.Removal> removed, List<String> kept,
        boolean dryRun) {
    /** The result of a dry run, or of a destroy that found nothing to remove. */
    public static DestroyResult planned(DestroyPlan plan, boolean dryRun) {
        return new DestroyResult(plan.function(), plan.region(), plan.removals(), plan.kept(), dryRun);
    }
}
