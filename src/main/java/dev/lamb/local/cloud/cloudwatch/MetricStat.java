package dev.lamb.local.cloud.cloudwatch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One metric's statistic at a period (GetMetricData's MetricStat, an alarm's metric): the metric, the period in
 * seconds, the statistic and, optionally, the unit its datapoints must have been put with.
 */
public record MetricStat(Metric metric, int period, Statistic stat, String unit) {
    /** The units CloudWatch's StandardUnit lists. */
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
            "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
            "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
            "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    /** A MetricStat structure of a request: {@code Metric}, {@code Period}, {@code Stat}, {@code Unit}. */
    public static MetricStat parse(CloudWatchInput in) {
        CloudWatchInput metric = in.structure("Metric").orElseThrow(() -> CloudWatchErrors.missing(in.name("Metric")));
        int period = in.integer("Period").orElseThrow(() -> CloudWatchErrors.missing(in.name("Period")));
        checkPeriod(period, in.name("Period"));
        Statistic stat = Statistic.parse(in.requiredText("Stat"), in.name("Stat"));
        return new MetricStat(metric(metric), period, stat, unit(in));
    }

    /** A Metric structure (Namespace, MetricName, Dimensions), as GetMetricData and alarms give one. */
    public static Metric metric(CloudWatchInput in) {
        return Metric.of(in.requiredText("Namespace"), in.requiredText("MetricName"), dimensions(in, "Dimensions"));
    }

    /** A list of Dimension structures (Name, Value); one name twice is refused. */
    public static Map<String, String> dimensions(CloudWatchInput in, String member) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (CloudWatchInput d : in.list(member)) {
            String name = d.requiredText("Name");
            if (dimensions.put(name, d.requiredText("Value")) != null) {
                throw CloudWatchErrors.invalid("No metric may have two dimensions named " + name + ".");
            }
        }
        if (dimensions.size() > 30) {
            throw CloudWatchErrors.invalid("The collection " + in.name(member) + " must not have a size greater than 30.");
        }
        return dimensions;
    }

    /** The Unit member, checked against StandardUnit; null when absent. */
    public static String unit(CloudWatchInput in) {
        String unit = in.text("Unit").orElse(null);
        if (unit != null && !UNITS.contains(unit)) {
            throw CloudWatchErrors.invalidValue(unit, in.name("Unit"));
        }
        return unit;
    }

    /** A period CloudWatch takes: 1, 5, 10, 20, 30 (high resolution), or a multiple of 60. */
    public static void checkPeriod(int period, String member) {
        boolean ok = period > 0 && (period % 60 == 0 || period == 1 || period == 5 || period == 10 || period == 20 || period == 30);
        if (!ok) {
            throw CloudWatchErrors.invalid("The parameter " + member + " must be 1, 5, 10, 20, 30, 60, or any multiple of 60.");
        }
    }
}
