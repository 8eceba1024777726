package dev.lamb.local.cloud.cloudwatch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * A statistic of a period's datapoints: the five CloudWatch names (Sum, Average, Minimum, Maximum, SampleCount) or a
 * percentile, pNN or pNN.NN (ExtendedStatistic, or GetMetricData's Stat). The other extended statistics AWS has
 * (trimmed means, IQM...) are not served.
 */
public record Statistic(String name, double percentile) {
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d{1,10})?|100(?:\\.0{1,10})?)");
    private static final Pattern OTHER_EXTENDED = Pattern.compile("(?i)(tm|wm|tc|ts|pr)\\(?.*|IQM");

    /** The statistic a name gives; InvalidParameterValue naming the member for one CloudWatch does not have. */
    public static Statistic parse(String name, String member) {
        switch (name) {
            case "Sum", "Average", "Minimum", "Maximum", "SampleCount" -> {
                return new Statistic(name, Double.NaN);
            }
            default -> {
                Matcher m = PERCENTILE.matcher(name);
                if (m.matches()) {
                    return new Statistic(name, Double.parseDouble(m.group(1)));
                }
                if (OTHER_EXTENDED.matcher(name).matches()) {
                    throw AwsServiceException.notImplemented("CloudWatch", "the statistic " + name);
                }
                throw CloudWatchErrors.invalidValue(name, member);
            }
        }
    }

    public boolean isPercentile() {
        return !Double.isNaN(percentile);
    }

    /** The statistic of one period; null when it has none (a percentile of values that were not kept). */
    public Double of(Aggregate a) {
        return switch (name) {
            case "Sum" -> a.sum();
            case "Average" -> a.average();
            case "Minimum" -> a.min();
            case "Maximum" -> a.max();
            case "SampleCount" -> a.sampleCount();
            default -> a.percentile(percentile);
        };
    }
}
