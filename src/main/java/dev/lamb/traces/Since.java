package dev.lamb.traces;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.LambException;

/** A span back from now, as --since takes it: 90s, 10m, 1h, 2d, or parts together such as 1h30m. */
public final class Since {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+[smhd])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");
    /** X-Ray keeps traces for 30 days. */
    static final Duration RETENTION = Duration.ofDays(30);

    private Since() {}

    public static Duration parse(String option, String text) {
        String given = text.strip();
        if (!WHOLE.matcher(given).matches()) {
            throw LambException.usage(option + " " + text + ": give a span such as 90s, 10m, 1h or 2d");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(given);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            total = RETENTION.plusDays(1);
        }
        if (total.isZero()) {
            throw LambException.usage(option + " " + text + ": give a span longer than zero, such as 10m");
        }
        if (total.compareTo(RETENTION) > 0) {
            throw LambException.usage(option + " " + text + ": X-Ray keeps traces for 30 days, so give at most 30d");
        }
        return total;
    }
}
