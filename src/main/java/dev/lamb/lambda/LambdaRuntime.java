package dev.lamb.lambda;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One Lambda runtime of {@link LambdaRuntimes}: its identifier, its family (python, nodejs, java, provided,
 * dotnet, ruby), the architectures it runs on, and AWS's dates for it; an empty date is one lamb does not know.
 */
public record LambdaRuntime(String id, String family, List<String> architectures, Optional<LocalDate> deprecation,
        Optional<LocalDate> blockCreate, Optional<LocalDate> blockUpdate) {

    /** How long before a deprecation date deploy starts to warn. */
    public static final int WARN_DAYS = 180;

    /**
     * The date from which AWS refuses a deploy of this runtime, if it has passed by {@code today}: the block on
     * creating for a function that does not run it yet (a new one, or one moving to it), else the block on updating.
     */
    public Optional<LocalDate> blockedSince(LocalDate today, boolean alreadyRunsIt) {
        Optional<LocalDate> block = alreadyRunsIt ? blockUpdate : blockCreate;
        return block.filter(date -> !today.isBefore(date));
    }

    /** Whether AWS deprecates it within {@link #WARN_DAYS} of {@code today}, or did already. */
    public boolean deprecatedSoon(LocalDate today) {
        return deprecation.filter(date -> !today.plusDays(WARN_DAYS).isBefore(date)).isPresent();
    }

    /** The deprecation date as text: the date, or "unknown". */
    public String deprecationText() {
        return text(deprecation);
    }

    /** AWS's three dates, as "deprecated 2027-06-30, creating blocked from 2027-07-31, updating from 2027-08-31". */
    public String calendar() {
        return "deprecated " + deprecationText() + ", creating blocked from " + text(blockCreate) + ", updating from "
                + text(blockUpdate);
    }

    private static String text(Optional<LocalDate> date) {
        return date.map(LocalDate::toString).orElse("unknown");
    }
}
