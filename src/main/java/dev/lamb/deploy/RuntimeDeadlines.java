package dev.lamb.deploy;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.lamb.LambException;
import dev.lamb.lambda.LambdaRuntime;
import dev.lamb.lambda.LambdaRuntimes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Deploy against AWS's runtime calendar ({@link LambdaRuntimes}): a runtime whose create or update AWS blocks
 * is refused before any call that would fail half-way, and one deprecated within
 * {@link LambdaRuntime#WARN_DAYS} days (or already) is warned about, each with the runtime to move to.
 */
final class RuntimeDeadlines {
    private RuntimeDeadlines() {}

    /**
     * The warning to print, if any; a usage error (exit 2) when AWS blocks the deploy. The block on creating applies
     * to a function that does not run the runtime yet (a new one, or one that moves to it), else the block on updating.
     */
    static Optional<String> check(String runtime, FunctionConfiguration deployed, LocalDate today) {
        Optional<LambdaRuntime> known = LambdaRuntimes.find(runtime);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        LambdaRuntime r = known.get();
        boolean runsIt = deployed != null && runtime.equals(deployed.runtimeAsString());
        Optional<LocalDate> blocked = r.blockedSince(today, runsIt);
        if (blocked.isPresent()) {
            throw LambException.usage("function.runtime " + runtime + ": AWS blocks " + (runsIt ? "updating" : "creating")
                    + " functions on it since " + blocked.get() + ": " + moveTo(r));
        }
        if (!r.deprecatedSoon(today)) {
            return Optional.empty();
        }
        LocalDate date = r.deprecation().orElseThrow();
        long days = ChronoUnit.DAYS.between(today, date);
        String when = days > 0 ? "on " + date + " (in " + days + (days == 1 ? " day" : " days") + ")" : "since " + date;
        return Optional.of("runtime " + runtime + " is deprecated by AWS " + when + " (" + r.calendar() + "): " + moveTo(r));
    }

    private static String moveTo(LambdaRuntime r) {
        LambdaRuntime newest = LambdaRuntimes.newest(r.family());
        return newest.equals(r) ? "no newer " + r.family() + " runtime is in lamb's table yet; see AWS's Lambda runtimes page"
                : "move to " + newest.id() + " (runtime = \"" + newest.id() + "\" in lamb.toml)";
    }
}
