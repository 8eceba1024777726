package dev.lamb.tune;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A whole tuning run: every size measured (in memory order), the configuration the function had, the
 * recommended size under the chosen strategy, and the one-line recommendation.
 *
 * @param function       the function's name
 * @param region         its region
 * @param optimize       cost, speed or balanced
 * @param sizes          every size measured, ordered by architecture then memory
 * @param current        the size the function is configured with, if it was measured; else null
 * @param recommended    the size to set, or null when no size is feasible
 * @param recommendation what to set and what it changes against the current configuration, one line
 * @param invocations    all invocations made, cold starts included
 * @param wallSeconds    how long the run took
 * @param events         the events sent: one, or a weighted mix (--payloads) that every size's figures are
 * @param provisioned    with --provisioned, each feasible size's cost with provisioned concurrency; else empty
 */
public record TuneResult(String function, String region, String optimize, List<SizeResult> sizes, SizeResult current,
        SizeResult recommended, String recommendation, int invocations, double wallSeconds, EventMix.Summary events,
        List<ProvisionedCost> provisioned) {

    /** A run of one event, without provisioned prices. */
    public TuneResult(String function, String region, String optimize, List<SizeResult> sizes, SizeResult current,
            SizeResult recommended, String recommendation, int invocations, double wallSeconds) {
        this(function, region, optimize, sizes, current, recommended, recommendation, invocations, wallSeconds,
                new EventMix.Summary(1, List.of(1.0)), List.of());
    }

    /** "weighted mix of 3 events (weights 5, 3, 2)", or empty for one event. */
    public String mixLine() {
        if (events == null || events.events() < 2) {
            return "";
        }
        return "weighted mix of " + events.events() + " events (weights " + events.weights().stream()
                .map(w -> w == Math.rint(w) ? Long.toString(w.longValue()) : w.toString()).collect(Collectors.joining(", "))
                + "): invocations spread across them by weight, in the same order at every size";
    }
}
