package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an alarm decides from its datapoints: M of the last N periods ({@code datapointsToAlarm} of
 * {@code evaluationPeriods}) compared with the threshold, periods without a datapoint treated as TreatMissingData
 * says. The verdict's reason is worded as CloudWatch words it ("Threshold Crossed: 2 out of the last 3 datapoints
 * [...] were greater than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).").
 *
 * <p>Missing data, as the CloudWatch user guide's "Configuring how CloudWatch alarms treat missing data" describes it:
 * {@code breaching} and {@code notBreaching} count each empty period as that; {@code ignore} changes the state only
 * when the datapoints there decide it (M breaching, or too few left that could breach), else keeps it; {@code missing}
 * judges by the datapoints there are (M of them breaching, or all when fewer than M), and is INSUFFICIENT_DATA
 * when there are none. The evaluation range is the N periods themselves: CloudWatch may look a few periods further
 * back for {@code missing}, which the local cloud does not.
 */
record AlarmRule(ComparisonOperator comparison, double threshold, int evaluationPeriods, int datapointsToAlarm, MissingData missing) {
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A decided state and why; {@code evaluated} are the periods' datapoints, newest first, for StateReasonData. */
    record Verdict(StateValue state, String reason, List<Datapoint> evaluated) {}

    /** One period's value. */
    record Datapoint(Instant timestamp, double value) {}

    /**
     * The verdict on the periods (oldest first, {@link #evaluationPeriods} of them) and their values; empty when the
     * alarm keeps its state ({@code ignore} with data that decides nothing).
     */
    Optional<Verdict> judge(List<Instant> periods, Map<Instant, Double> values, StateValue current) {
        List<Datapoint> present = new ArrayList<>();
        for (int i = periods.size() - 1; i >= 0; i--) {
            Double value = values.get(periods.get(i));
            if (value != null) {
                present.add(new Datapoint(periods.get(i), value));
            }
        }
        List<Datapoint> breaching = present.stream().filter(d -> comparison.breaches(d.value(), threshold)).toList();
        List<Datapoint> within = present.stream().filter(d -> !comparison.breaches(d.value(), threshold)).toList();
        int missingCount = evaluationPeriods - present.size();
        boolean alarm;
        switch (missing) {
            case BREACHING -> alarm = breaching.size() + missingCount >= datapointsToAlarm;
            case NOT_BREACHING -> alarm = breaching.size() >= datapointsToAlarm;
            case IGNORE -> {
                if (breaching.size() >= datapointsToAlarm) {
                    alarm = true;
                } else if (within.size() > evaluationPeriods - datapointsToAlarm) {
                    alarm = false;
                } else {
                    return Optional.empty();
                }
            }
            default -> {
                if (present.isEmpty()) {
                    return Optional.of(new Verdict(StateValue.INSUFFICIENT_DATA, "Insufficient Data: " + evaluationPeriods + " "
                            + plural(evaluationPeriods, "datapoint") + " " + (evaluationPeriods == 1 ? "was" : "were") + " unknown.",
                            present));
                }
                alarm = breaching.size() >= Math.min(datapointsToAlarm, present.size());
            }
        }
        StateValue state = alarm ? StateValue.ALARM : StateValue.OK;
        return Optional.of(new Verdict(state, reason(state, current, alarm ? breaching : within, missingCount), present));
    }

    private String reason(StateValue state, StateValue current, List<Datapoint> shown, int missingCount) {
        if (shown.isEmpty()) {
            String treated = missing == MissingData.BREACHING ? "Breaching" : "NonBreaching";
            return "Threshold Crossed: no datapoints were received for " + missingCount + " " + plural(missingCount, "period") + " and "
                    + missingCount + " missing " + plural(missingCount, "datapoint") + " " + (missingCount == 1 ? "was" : "were")
                    + " treated as [" + treated + "].";
        }
        StringBuilder list = new StringBuilder();
        for (Datapoint d : shown) {
            list.append(list.length() == 0 ? "" : ", ").append(d.value()).append(" (").append(REASON_TIME.format(d.timestamp())).append(')');
        }
        int minimum = state == StateValue.ALARM ? datapointsToAlarm : evaluationPeriods - datapointsToAlarm + 1;
        return "Threshold Crossed: " + shown.size() + " out of the last " + evaluationPeriods + " datapoints [" + list + "] "
                + (shown.size() == 1 ? "was " : "were ") + (state == StateValue.OK ? "not " : "") + comparison.words()
                + " the threshold (" + threshold + ") (minimum " + minimum + " " + plural(minimum, "datapoint") + " for "
                + current + " -> " + state + " transition).";
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }
}
