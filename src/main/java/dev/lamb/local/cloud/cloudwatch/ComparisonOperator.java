package dev.lamb.local.cloud.cloudwatch;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an alarm compares a datapoint with its threshold: the static-threshold operators of CloudWatch's model
 * (ComparisonOperator), each with the words its state reasons use ("was greater than the threshold (1.0)").
 */
enum ComparisonOperator {
    GREATER_THAN_OR_EQUAL("GreaterThanOrEqualToThreshold", "greater than or equal to"),
    GREATER_THAN("GreaterThanThreshold", "greater than"),
    LESS_THAN("LessThanThreshold", "less than"),
    LESS_THAN_OR_EQUAL("LessThanOrEqualToThreshold", "less than or equal to");

    private final String wire;
    private final String words;

    ComparisonOperator(String wire, String words) {
        this.wire = wire;
        this.words = words;
    }

    String wire() {
        return wire;
    }

    String words() {
        return words;
    }

    boolean breaches(double value, double threshold) {
        return switch (this) {
            case GREATER_THAN_OR_EQUAL -> value >= threshold;
            case GREATER_THAN -> value > threshold;
            case LESS_THAN -> value < threshold;
            case LESS_THAN_OR_EQUAL -> value <= threshold;
        };
    }

    static Optional<ComparisonOperator> named(String wire) {
        return Arrays.stream(values()).filter(o -> o.wire.equals(wire)).findFirst();
    }
}
