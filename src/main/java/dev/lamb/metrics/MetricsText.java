package dev.lamb.metrics;

import java.util.Locale;

/** How lamb metrics writes a figure for people: durations in ms or s, rates as percentages, counts whole. */
final class MetricsText {
    private MetricsText() {}

    static String ms(Double ms) {
        if (ms == null) {
            return "-";
        }
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : ms < 100 ? "%.1f ms" : "%.0f ms", ms);
    }

    static String percent(Double value) {
        if (value == null) {
            return "-";
        }
        return String.format(Locale.ROOT, value == 0 || value >= 10 ? "%.0f%%" : value < 0.1 ? "%.3f%%" : "%.2f%%", value);
    }

    static String count(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    static String perSecond(Double value) {
        if (value == null) {
            return "-";
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.0f/s" : value >= 0.1 ? "%.2f/s" : "%.4f/s", value);
    }
}
