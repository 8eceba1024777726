package dev.lamb.tune;

import java.util.List;

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
 */
public record TuneResult(String function, String region, String optimize, List<SizeResult> sizes, SizeResult current,
        SizeResult recommended, String recommendation, int invocations, double wallSeconds) {}
