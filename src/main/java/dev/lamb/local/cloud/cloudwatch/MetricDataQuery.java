package dev.lamb.local.cloud.cloudwatch;

import java.util.regex.Pattern;

/**
 * One query of GetMetricData (and of an alarm's Metrics): an id, and either a metric's statistic or a metric math
 * expression over the other queries' ids; its label, whether its result is returned, and an expression's period.
 *
 * @param period the expression's period in seconds, or null to take its metrics'
 */
public record MetricDataQuery(String id, MetricStat metricStat, String expression, String label, boolean returnData,
        Integer period) {
    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");

    /** A MetricDataQuery structure; exactly one of MetricStat and Expression, an Id as CloudWatch's pattern allows. */
    public static MetricDataQuery parse(CloudWatchInput in) {
        String id = in.requiredText("Id");
        if (!ID.matcher(id).matches() || id.length() > 255) {
            throw CloudWatchErrors.invalid("The value " + id + " for parameter " + in.name("Id")
                    + " is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.");
        }
        boolean stat = in.has("MetricStat");
        boolean expression = in.has("Expression");
        if (stat == expression) {
            throw CloudWatchErrors.combination("Exactly one element of " + in.name("MetricStat") + " and "
                    + in.name("Expression") + " must be present.");
        }
        Integer period = in.integer("Period").orElse(null);
        if (period != null) {
            MetricStat.checkPeriod(period, in.name("Period"));
        }
        return new MetricDataQuery(id, stat ? MetricStat.parse(in.structure("MetricStat").orElseThrow()) : null,
                in.text("Expression").orElse(null), in.text("Label").orElse(null), in.bool("ReturnData").orElse(true), period);
    }

    /** The label a result carries when the query gives none: the metric's name, or the expression's id. */
    public String defaultLabel() {
        return label != null ? label : metricStat != null ? metricStat.metric().name() : id;
    }
}
