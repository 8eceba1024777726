package dev.lamb.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A window's figures by name (a {@link Measure}'s id, and the two computed here), in the order they are shown; null
 * where CloudWatch had no sample. Computed client side from the window's sums, in the same answer: throughput (per
 * second) is invocations over the window's seconds, the error rate is errors over invocations, as a percentage.
 */
public record Figures(@JsonValue Map<String, Double> values) {
    static final String THROUGHPUT = "throughput_per_second";
    static final String ERROR_RATE = "error_rate_percent";

    static Figures of(Map<Measure, Double> measured, double seconds) {
        Map<String, Double> values = new LinkedHashMap<>();
        measured.forEach((measure, value) -> {
            values.put(measure.id(), value);
            if (measure == Measure.INVOCATIONS) {
                values.put(THROUGHPUT, value == null || seconds <= 0 ? null : value / seconds);
            } else if (measure == Measure.ERRORS) {
                Double invocations = measured.get(Measure.INVOCATIONS);
                values.put(ERROR_RATE, invocations == null || invocations == 0 || value == null ? null : 100 * value / invocations);
            }
        });
        return new Figures(Collections.unmodifiableMap(values));
    }

    public Double get(Measure measure) {
        return values.get(measure.id());
    }

    /** A count's value, 0 when not measured. */
    public long count(Measure measure) {
        Double value = values.get(measure.id());
        return value == null ? 0 : Math.round(value);
    }

    public Double errorRatePercent() {
        return values.get(ERROR_RATE);
    }

    public Double throughputPerSecond() {
        return values.get(THROUGHPUT);
    }

    /** Whether any of these figures had a non-zero sample: how lamb tells that async events or provisioned concurrency are in use. */
    boolean any(List<Measure> measures) {
        return measures.stream().map(this::get).anyMatch(v -> v != null && v != 0);
    }
}
