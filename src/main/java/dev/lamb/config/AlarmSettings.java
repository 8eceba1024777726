package dev.lamb.config;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * [alarms]: the CloudWatch alarms deploy keeps for a stage, one per rule that is on. A rule set to false in
 * lamb.toml is off (empty here); when alarms are not enabled, deploy keeps none.
 *
 * @param errorRatePercent errors as a percentage of invocations at or above which the stage is in alarm
 * @param throttles throttled invocations in a minute at or above which the stage is in alarm
 * @param p99OfTimeout the 99th percentile of duration, as a fraction of the timeout, above which it is in alarm
 * @param concurrencyOfReserved concurrent executions, as a fraction of reserved concurrency, at or above which it
 *     is in alarm; deploy keeps this rule only where reserved_concurrency is set
 * @param notifyTopic the SNS topic ARN that alarms notify on entering ALARM and on returning to OK, or "" for none
 */
public record AlarmSettings(boolean enabled, OptionalDouble errorRatePercent, OptionalInt throttles,
        OptionalDouble p99OfTimeout, OptionalDouble concurrencyOfReserved, String notifyTopic) {
    public static final double DEFAULT_ERROR_RATE_PERCENT = 1;
    public static final int DEFAULT_THROTTLES = 1;
    public static final double DEFAULT_P99_OF_TIMEOUT = 0.8;
    public static final double DEFAULT_CONCURRENCY_OF_RESERVED = 0.8;

    /** The alarms a project gets without an [alarms] table: every rule on, at its default, notifying no one. */
    public static AlarmSettings defaults() {
        return new AlarmSettings(true, OptionalDouble.of(DEFAULT_ERROR_RATE_PERCENT), OptionalInt.of(DEFAULT_THROTTLES),
                OptionalDouble.of(DEFAULT_P99_OF_TIMEOUT), OptionalDouble.of(DEFAULT_CONCURRENCY_OF_RESERVED), "");
    }
}
