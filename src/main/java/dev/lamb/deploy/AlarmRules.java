package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import dev.lamb.config.AlarmSettings;

/**
 * The CloudWatch alarms one stage gets from [alarms], one per rule that is on, named lamb-FUNCTION-STAGE-RULE, the rule
 * being its [alarms] key (issue 16 names the alarms so): the error
 * rate (metric math, 100 * Errors / Invocations) above error_rate percent, throttles at or above throttles, p99 Duration
 * above p99_of_timeout of the timeout, and, where reserved concurrency is set, ConcurrentExecutions at or above
 * concurrency_of_reserved of it. All on one-minute periods, alarming when 2 of the last 3 breach, with missing data (no
 * traffic) not breaching; the stage's alias (Resource = FUNCTION:STAGE) except for concurrency, which a reservation
 * bounds for the whole function.
 */
public final class AlarmRules {
    static final String ERROR_RATE = "error_rate";
    static final String THROTTLES = "throttles";
    static final String P99_OF_TIMEOUT = "p99_of_timeout";
    static final String CONCURRENCY_OF_RESERVED = "concurrency_of_reserved";
    static final List<String> RULES = List.of(ERROR_RATE, THROTTLES, P99_OF_TIMEOUT, CONCURRENCY_OF_RESERVED);
    /**
     * The rule names an older lamb gave its alarms, now named by their [alarms] key: a deploy replaces lamb's alarms of these
     * names and destroy removes them. (throttles kept its name.)
     */
    private static final List<String> FORMER_RULES = List.of("error-rate", "p99-duration", "concurrency");
    static final String NAMESPACE = "AWS/Lambda";
    static final int PERIOD = 60;
    static final int EVALUATION_PERIODS = 3;
    static final int DATAPOINTS_TO_ALARM = 2;
    static final String NOT_BREACHING = "notBreaching";
    /**
     * FILL makes a minute without invocations 0 errors in 1, so the rate never divides by zero; it is FILL rather than IF
     * because the local cloud's metric math has FILL (AWS has both).
     */
    static final String ERROR_RATE_EXPRESSION = "100 * FILL(errors, 0) / FILL(invocations, 1)";

    private AlarmRules() {}

    static String name(String function, String stage, String rule) {
        return prefix(function, stage) + rule;
    }

    /** Every name lamb gives the stage's alarms, one per rule, whether the rule is on or not. */
    public static List<String> names(String function, String stage) {
        return RULES.stream().map(rule -> name(function, stage, rule)).toList();
    }

    /** The names an older lamb gave the stage's alarms where they differ from today's ({@link #FORMER_RULES}). */
    static List<String> formerNames(String function, String stage) {
        return FORMER_RULES.stream().map(rule -> name(function, stage, rule)).toList();
    }

    /**
     * Whether {@code alarm} has the shape of a name lamb gives one of the function's alarms, at some stage. A stage may
     * hold dashes, so another function whose name starts with this one's can match too: check the alarm's metrics.
     */
    public static boolean isName(String alarm, String function) {
        String start = prefix(function);
        return alarm.startsWith(start) && RULES.stream().anyMatch(rule -> alarm.endsWith("-" + rule)
                && alarm.length() > start.length() + rule.length() + 1);
    }

    /** What every alarm of the stage's name starts with: DescribeAlarms' AlarmNamePrefix. */
    static String prefix(String function, String stage) {
        return prefix(function) + stage + "-";
    }

    /** What every alarm of the function's name starts with, whatever the stage. */
    public static String prefix(String function) {
        return "lamb-" + function + "-";
    }

    /** {@code timeoutSeconds}: the function's timeout on the stage; {@code reserved}: its reserved concurrency, if set. */
    static List<AlarmSpec> of(AlarmSettings wanted, String function, String stage, int timeoutSeconds, OptionalInt reserved) {
        List<AlarmSpec> alarms = new ArrayList<>();
        if (!wanted.enabled()) {
            return alarms;
        }
        String on = function + ":" + stage;
        Map<String, String> alias = Map.of("FunctionName", function, "Resource", on);
        List<String> actions = wanted.notifyTopic().isEmpty() ? List.of() : List.of(wanted.notifyTopic());
        Spec spec = new Spec(function, stage, actions);
        wanted.errorRatePercent().ifPresent(t -> alarms.add(spec.math(ERROR_RATE, "error rate of " + on + " above " + number(t) + "%",
                List.of(statOf("errors", "Errors", alias), statOf("invocations", "Invocations", alias),
                        new AlarmSpec.Query("rate", null, null, Map.of(), null, null, ERROR_RATE_EXPRESSION, true)),
                t, "GreaterThanThreshold")));
        wanted.throttles().ifPresent(t -> alarms.add(spec.metric(THROTTLES, "throttles of " + on + " at " + number(t) + " or more",
                "Throttles", "Sum", null, alias, t, "GreaterThanOrEqualToThreshold")));
        wanted.p99OfTimeout().ifPresent(f -> {
            double ms = Math.round(f * timeoutSeconds * 1000.0);
            alarms.add(spec.metric(P99_OF_TIMEOUT, "p99 duration of " + on + " above " + number(ms) + " ms (" + number(f)
                    + " of the " + timeoutSeconds + " s timeout)", "Duration", null, "p99", alias, ms, "GreaterThanThreshold"));
        });
        OptionalDouble ofReserved = wanted.concurrencyOfReserved();
        if (ofReserved.isPresent() && reserved.isPresent() && reserved.getAsInt() > 0) {
            double f = ofReserved.getAsDouble();
            double at = Math.round(f * reserved.getAsInt() * 100.0) / 100.0;
            alarms.add(spec.metric(CONCURRENCY_OF_RESERVED, "concurrency of " + function + " at " + number(at) + " or more (" + number(f)
                    + " of its reserved " + reserved.getAsInt() + ")", "ConcurrentExecutions", "Maximum", null,
                    Map.of("FunctionName", function), at, "GreaterThanOrEqualToThreshold"));
        }
        return alarms;
    }

    private static String number(double value) {
        return AlarmSpec.number(value);
    }

    private static AlarmSpec.Query statOf(String id, String metric, Map<String, String> dimensions) {
        return new AlarmSpec.Query(id, NAMESPACE, metric, dimensions, PERIOD, "Sum", null, false);
    }

    /** What every alarm of the stage shares: its name's start, 2 of 3 one-minute periods, missing data not breaching. */
    private record Spec(String function, String stage, List<String> actions) {
        AlarmSpec metric(String rule, String what, String metric, String statistic, String extended, Map<String, String> dimensions,
                double threshold, String comparison) {
            return new AlarmSpec(name(function, stage, rule), description(what), NAMESPACE, metric, statistic, extended, dimensions,
                    List.of(), PERIOD, EVALUATION_PERIODS, DATAPOINTS_TO_ALARM, threshold, comparison, NOT_BREACHING, actions, actions);
        }

        AlarmSpec math(String rule, String what, List<AlarmSpec.Query> queries, double threshold, String comparison) {
            return new AlarmSpec(name(function, stage, rule), description(what), null, null, null, null, Map.of(), queries, null,
                    EVALUATION_PERIODS, DATAPOINTS_TO_ALARM, threshold, comparison, NOT_BREACHING, actions, actions);
        }

        private static String description(String what) {
            return "lamb: " + what + " in " + DATAPOINTS_TO_ALARM + " of " + EVALUATION_PERIODS + " minutes";
        }
    }
}
