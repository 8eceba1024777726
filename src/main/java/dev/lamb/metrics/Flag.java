package dev.lamb.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Something in the window that needs attention, with the rule that raised it (the thresholds of the Well-Architected
 * serverless lens that lamb's alarms use too): p99 duration above 80% of the timeout, errors over 1% of invocations,
 * any throttle, concurrency within 80% of the reserved concurrency, memory used above 90% of the memory size.
 */
public record Flag(String rule, String message) {
    static final double P99_OF_TIMEOUT = 0.8;
    static final double ERROR_RATE_PERCENT = 1.0;
    static final double CONCURRENCY_OF_RESERVED = 0.8;
    static final double MEMORY_OF_SIZE = 0.9;

    /** The flags of one function's (or one version's) figures; {@code report} and {@code deployed} may be null. */
    static List<Flag> of(Figures figures, Deployed deployed, ReportFigures report) {
        List<Flag> flags = new ArrayList<>();
        Double p99 = figures.get(Measure.DURATION_P99);
        if (p99 != null && deployed != null && p99 > P99_OF_TIMEOUT * deployed.timeoutSeconds() * 1000) {
            flags.add(new Flag("p99_of_timeout", String.format(Locale.ROOT, "p99 duration %s is above 80%% of the %d s timeout",
                    MetricsText.ms(p99), deployed.timeoutSeconds())));
        }
        Double rate = figures.errorRatePercent();
        if (rate != null && rate > ERROR_RATE_PERCENT) {
            flags.add(new Flag("error_rate", String.format(Locale.ROOT, "errors are %s of invocations (%d of %d), over 1%%",
                    MetricsText.percent(rate), figures.count(Measure.ERRORS), figures.count(Measure.INVOCATIONS))));
        }
        if (figures.count(Measure.THROTTLES) > 0) {
            long throttles = figures.count(Measure.THROTTLES);
            flags.add(new Flag("throttles", throttles + (throttles == 1 ? " invocation was" : " invocations were") + " throttled"));
        }
        Double concurrency = figures.get(Measure.CONCURRENCY_MAX);
        if (concurrency != null && deployed != null && deployed.reservedConcurrency() != null && deployed.reservedConcurrency() > 0
                && concurrency >= CONCURRENCY_OF_RESERVED * deployed.reservedConcurrency()) {
            flags.add(new Flag("concurrency_of_reserved", String.format(Locale.ROOT,
                    "concurrency reached %d, within 80%% of the reserved %d", Math.round(concurrency), deployed.reservedConcurrency())));
        }
        if (report != null && report.memoryUsedFraction() != null && report.memoryUsedFraction() > MEMORY_OF_SIZE) {
            flags.add(new Flag("memory_of_size", String.format(Locale.ROOT, "memory used reached %d of %d MB, above 90%%",
                    report.maxMemoryUsedMb(), report.memorySizeMb())));
        }
        return flags;
    }
}
