package dev.lamb.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;

import dev.lamb.LambException;
import dev.lamb.time.TimeArg;

/**
 * The window lamb metrics reads and the period of its series. Both ends are aligned to the period (the start down,
 * the end up), so that every period is whole and the window's own length, which the whole-window figures use as
 * their period, is a multiple of it. CloudWatch keeps 1-minute data for 15 days, 5-minute data for 63 days and
 * 1-hour data for 455 days (CloudWatch User Guide, "Metrics retention"); a period it no longer has for the window's
 * start is refused rather than answered with nothing.
 */
public record MetricsWindow(Instant from, Instant until, int periodSeconds) {
    /** The periods --period takes besides auto. */
    static final List<Integer> PERIODS = List.of(60, 300, 3600);
    /** The periods auto chooses from: each a multiple of the one CloudWatch needs for older data (300, then 3600). */
    static final List<Integer> AUTO_PERIODS = List.of(60, 300, 900, 3600, 21600, 86400);
    /** Auto's bound on the points of one series: a sparkline a terminal can show, a CSV a person can read. */
    static final int MAX_POINTS = 300;
    static final Duration MINUTE_DATA = Duration.ofDays(15);
    static final Duration FIVE_MINUTE_DATA = Duration.ofDays(63);
    static final Duration HOUR_DATA = Duration.ofDays(455);

    /**
     * The window from --since to --until (null: now) with --period's period (auto, 60, 300 or 3600). Bad input is
     * exit 2 with one line naming the option.
     */
    public static MetricsWindow of(String since, String until, String period, Instant now, ZoneId zone) {
        Integer fixed = period(period);
        Instant from = TimeArg.parse("--since", since, now, zone);
        Instant to = until == null ? now : TimeArg.parse("--until", until, now, zone);
        if (!from.isBefore(now)) {
            throw LambException.usage("--since " + since + " is not before now: give an earlier time, such as 1h");
        }
        if (!to.isAfter(from)) {
            throw LambException.usage("--until " + until + " is not after --since " + since + ": give a later --until");
        }
        Duration age = Duration.between(from, now);
        if (age.compareTo(HOUR_DATA) > 0) {
            throw LambException.usage("--since " + since + ": CloudWatch keeps metrics for 455 days, so give at most 455d");
        }
        int chosen = fixed != null ? fixed : auto(Duration.between(from, to.isAfter(now) ? now : to), age);
        Duration kept = kept(chosen);
        if (age.compareTo(kept) > 0) {
            throw LambException.usage("--since " + since + " with --period " + chosen + ": CloudWatch keeps "
                    + (chosen == 60 ? "1-minute" : "5-minute") + " data for " + kept.toDays() + " days; use a longer "
                    + "--period (or auto), or a later --since");
        }
        return aligned(from, to.isAfter(now) ? now : to, chosen);
    }

    /** The same length of window, ending now: what --watch reads at each redraw. */
    public MetricsWindow endingAt(Instant now) {
        MetricsWindow end = aligned(now, now, periodSeconds);
        return new MetricsWindow(end.until().minus(length()), end.until(), periodSeconds);
    }

    public Duration length() {
        return Duration.between(from, until);
    }

    /** The number of periods in the window. */
    public int points() {
        return (int) (length().getSeconds() / periodSeconds);
    }

    /** The start of each period, oldest first. */
    public List<Instant> periodStarts() {
        return IntStream.range(0, points()).mapToObj(i -> from.plusSeconds((long) i * periodSeconds)).toList();
    }

    static MetricsWindow aligned(Instant from, Instant to, int period) {
        long start = Math.floorDiv(from.getEpochSecond(), period) * period;
        // Up from the millisecond, not the second: a now of 10:08:00.5 must end at 10:09, or what happened since 10:08:00 is cut off.
        long end = -Math.floorDiv(-to.toEpochMilli(), period * 1000L) * period;
        return new MetricsWindow(Instant.ofEpochSecond(start), Instant.ofEpochSecond(Math.max(end, start + period)), period);
    }

    /** The smallest period that keeps a series within MAX_POINTS and that CloudWatch still has for the start. */
    static int auto(Duration length, Duration age) {
        for (int period : AUTO_PERIODS) {
            if (length.getSeconds() <= (long) period * MAX_POINTS && age.compareTo(kept(period)) <= 0) {
                return period;
            }
        }
        return AUTO_PERIODS.get(AUTO_PERIODS.size() - 1);
    }

    /** How long CloudWatch keeps data of this period. */
    static Duration kept(int period) {
        return period < 300 ? MINUTE_DATA : period < 3600 ? FIVE_MINUTE_DATA : HOUR_DATA;
    }

    /** --period's value: null for auto. */
    private static Integer period(String text) {
        String given = text == null ? "auto" : text.strip();
        if (given.equals("auto")) {
            return null;
        }
        for (int period : PERIODS) {
            if (given.equals(Integer.toString(period)) || given.equals(period + "s")) {
                return period;
            }
        }
        throw LambException.usage("--period " + text + " is not a period: give auto, 60, 300 or 3600 (seconds)");
    }
}
