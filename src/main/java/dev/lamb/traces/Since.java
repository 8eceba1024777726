package dev.lamb.traces;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.lamb.LambException;
import dev.lamb.time.TimeArg;

/** The window --since opens back to now, read with lamb's one time grammar and held to what X-Ray keeps. */
public final class Since {
    /** X-Ray keeps traces for 30 days. */
    static final Duration RETENTION = Duration.ofDays(30);

    private Since() {}

    public static Duration parse(String option, String text, Instant now, ZoneId zone) {
        Duration window = Duration.between(TimeArg.parse(option, text, now, zone), now);
        if (window.isNegative() || window.isZero()) {
            throw LambException.usage(option + " " + text + " is not before now: give an earlier time, such as 10m");
        }
        if (window.compareTo(RETENTION) > 0) {
            throw LambException.usage(option + " " + text + ": X-Ray keeps traces for 30 days, so give at most 30d");
        }
        return window;
    }
}
