package dev.lamb.time;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.LambException;

/**
 * The one grammar for every option that takes a time (logs and traces --since/--until): a span back from now
 * (90s, 10m, 2h, 2d, 1w, or parts together such as 1h30m), an ISO instant with Z or an offset
 * (2026-01-01T10:00:00Z), a local date and time (2026-01-01T10:00, 2026-01-01 10:00), a local date (its
 * midnight), a local time of today (14:05), or "now". Local forms are read in the given zone.
 */
public final class TimeArg {
    private static final Pattern SPAN = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w))+");
    private static final Pattern SPAN_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final String FORMS = "give a span back from now (90s, 10m, 1h30m, 2d, 1w), an instant "
            + "(2026-01-01T10:00:00Z or with an offset such as +02:00), a local date or date and time (2026-01-01, "
            + "2026-01-01T10:00, 2026-01-01 10:00), a time of today (14:05), or now";

    private TimeArg() {}

    public static Instant parse(String option, String text, Instant now, ZoneId zone) {
        Instant time;
        try {
            time = instant(option, text, now, zone);
            time.toEpochMilli(); // the AWS APIs take epoch milliseconds: a time past them fails here, not mid-call
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw LambException.usage(option + " " + text + " is further from now than any time AWS can take: "
                    + "give a shorter span, such as 30d, or a date");
        }
        return time;
    }

    private static Instant instant(String option, String text, Instant now, ZoneId zone) {
        String given = text.strip();
        String lower = given.toLowerCase(Locale.ROOT);
        if (lower.equals("now")) {
            return now;
        }
        if (SPAN.matcher(lower).matches()) {
            return now.minus(span(lower));
        }
        String iso = given.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            // not an instant with an offset: a local form, below
        }
        try {
            return LocalDateTime.parse(iso).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date and time
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a date
        }
        try {
            return LocalTime.parse(iso).atDate(LocalDate.ofInstant(now, zone)).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw LambException.usage(option + " " + text + " is not a time: " + FORMS);
        }
    }

    /** The parts added up; a sum past what Duration holds throws ArithmeticException, reported as too far. */
    private static Duration span(String text) {
        Duration total = Duration.ZERO;
        Matcher part = SPAN_PART.matcher(text);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(Math.multiplyExact(7, n));
            });
        }
        return total;
    }
}
