package dev.lamb.logs;

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
 * The times --since and --until take: a span back from now (30s, 10m, 2h, 1d, 1w), an ISO instant with
 * an offset (2024-05-01T10:00:00Z), a local date and time (2024-05-01T10:00, 2024-05-01 10:00:00), a
 * local date (midnight), a local time of today (14:05), or "now".
 */
public final class TimeArg {
    private static final Pattern AGO = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private TimeArg() {}

    public static Instant parse(String option, String text, Instant now, ZoneId zone) {
        Instant time;
        try {
            time = instant(option, text, now, zone);
            time.toEpochMilli(); // the logs APIs take epoch milliseconds: a time past them fails here, not mid-call
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw LambException.usage(option + " " + text + " is further from now than any time CloudWatch can take: "
                    + "give a shorter span, such as 30d, or a date");
        }
        return time;
    }

    private static Instant instant(String option, String text, Instant now, ZoneId zone) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("now")) {
            return now;
        }
        Matcher m = AGO.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration span = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(Math.multiplyExact(7, n));
            };
            return now.minus(span);
        }
        String iso = text.trim().replace(' ', 'T');
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
            throw LambException.usage(option + " " + text + " is not a time: give a span back from now (30s, 10m, 2h, 1d), "
                    + "a date and time (2024-05-01T10:00, in local time, or ending in Z or an offset), a date, a time of today, or now");
        }
    }
}
