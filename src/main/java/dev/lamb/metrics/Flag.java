package dev.lamb.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.lamb.config.AlarmSettings;

/**
 * Something in the window that needs attention, with the rule that raised it, at the thresholds lamb's alarms use
 * ([alarms] in lamb.toml, else its documented defaults, which are the Well-Architected serverless lens's): p99 duration
 * above p99_of_timeout (80%) of the timeout, errors over error_rate (1%) of invocations, throttles (any), concurrency
 * within concurrency_of_reserved (80%) of the reserved concurrency; and memory used above 90% of the memory size, which
 * no alarm watches.
 */
public record Flag(String rule, String message) {
    static final double MEMORY_OF_SIZE = 0.9;

    /** The flags at the default thresholds ([alarms] as lamb.toml leaves it). */
    static List<Flag> of(Figures figures, Deployed deployed, ReportFigures report) {
        return of(figures, deployed, report, AlarmSettings.defaults());
    }

    /**
     * The flags of one function's (or one version's) figures, at the thresholds of {@code alarms} (a rule that is off
     * there is flagged at its default); {@code report} and {@code deployed} may be null.
     */
    static List<Flag> of(Figures figures, Deployed deployed, ReportFigures report, AlarmSettings alarms) {
        double p99OfTimeout = alarms.p99OfTimeout().orElse(AlarmSettings.DEFAULT_P99_OF_TIMEOUT);
        double errorRatePercent = alarms.errorRatePercent().orElse(AlarmSettings.DEFAULT_ERROR_RATE_PERCENT);
        int throttlesAtLeast = alarms.throttles().orElse(AlarmSettings.DEFAULT_THROTTLES);
        double concurrencyOfReserved = alarms.concurrencyOfReserved().orElse(AlarmSettings.DEFAULT_CONCURRENCY_OF_RESERVED);
        List<Flag> flags = new ArrayList<>();
        Double p99 = figures.get(Measure.DURATION_P99);
        if (p99 != null && deployed != null && p99 > p99OfTimeout * deployed.timeoutSeconds() * 1000) {
            flags.add(new Flag("p99_of_timeout", String.format(Locale.ROOT, "p99 duration %s is above %s of the %d s timeout",
                    MetricsText.ms(p99), share(p99OfTimeout), deployed.timeoutSeconds())));
        }
        Double rate = figures.errorRatePercent();
        if (rate != null && rate > errorRatePercent) {
            flags.add(new Flag("error_rate", String.format(Locale.ROOT, "errors are %s of invocations (%d of %d), over %s",
                    MetricsText.percent(rate), figures.count(Measure.ERRORS), figures.count(Measure.INVOCATIONS),
                    share(errorRatePercent / 100))));
        }
        long throttles = figures.count(Measure.THROTTLES);
        if (throttles > 0 && throttles >= throttlesAtLeast) {
            flags.add(new Flag("throttles", throttles + (throttles == 1 ? " invocation was" : " invocations were") + " throttled"));
        }
        Double concurrency = figures.get(Measure.CONCURRENCY_MAX);
        if (concurrency != null && deployed != null && deployed.reservedConcurrency() != null && deployed.reservedConcurrency() > 0
                && concurrency >= concurrencyOfReserved * deployed.reservedConcurrency()) {
            flags.add(new Flag("concurrency_of_reserved", String.format(Locale.ROOT, "concurrency reached %d, within %s of the reserved %d",
                    Math.round(concurrency), share(concurrencyOfReserved), deployed.reservedConcurrency())));
        }
        if (report != null && report.memoryUsedFraction() != null && report.memoryUsedFraction() > MEMORY_OF_SIZE) {
            flags.add(new Flag("memory_of_size", String.format(Locale.ROOT, "memory used reached %d of %d MB, above %s",
                    report.maxMemoryUsedMb(), report.memorySizeMb(), share(MEMORY_OF_SIZE))));
        }
        return flags;
    }

    /** A fraction as a percentage, as a person writes it: 0.8 is 80%, 0.025 is 2.5%. */
    private static String share(double fraction) {
        return BigDecimal.valueOf(Math.round(fraction * 10_000) / 100.0).stripTrailingZeros().toPlainString() + "%";
    }
}
