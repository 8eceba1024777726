package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.lamb.config.AlarmSettings;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;

/**
 * Issue 16 §2: the alarms [alarms] asks for, per rule and stage, and how what exists compares with them. Expected
 * values come from the issue (names, 2 of 3 datapoints, missing data not breaching) and PutMetricAlarm's reference.
 */
class AlarmRulesTest {
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";

    @Test
    void theDefaultsGiveThreeRulesWithoutReservedConcurrencyAndFourWithIt() {
        assertEquals(List.of("lamb-fn-prod-error_rate", "lamb-fn-prod-throttles", "lamb-fn-prod-p99_of_timeout"),
                names(AlarmRules.of(AlarmSettings.defaults(), "fn", "prod", 10, OptionalInt.empty())));
        assertEquals(List.of("lamb-fn-prod-error_rate", "lamb-fn-prod-throttles", "lamb-fn-prod-p99_of_timeout",
                "lamb-fn-prod-concurrency_of_reserved"),
                names(AlarmRules.of(AlarmSettings.defaults(), "fn", "prod", 10, OptionalInt.of(10))));
    }

    /** Issue 16 §2 names each alarm lamb-FUNCTION-STAGE-RULE, RULE being its [alarms] key; an older lamb's names differed. */
    @Test
    void eachAlarmIsNamedByItsAlarmsKeyAndTheFormerNamesAreKnown() {
        assertEquals(List.of("lamb-fn-dev-error_rate", "lamb-fn-dev-throttles", "lamb-fn-dev-p99_of_timeout",
                "lamb-fn-dev-concurrency_of_reserved"), AlarmRules.names("fn", "dev"));
        assertEquals(List.of("lamb-fn-dev-error-rate", "lamb-fn-dev-p99-duration", "lamb-fn-dev-concurrency"),
                AlarmRules.formerNames("fn", "dev"));
        assertTrue(AlarmRules.isName("lamb-fn-dev-p99_of_timeout", "fn"));
        assertFalse(AlarmRules.isName("lamb-fn-dev-p99-duration", "fn"));
    }

    @Test
    void rulesTurnedOffOrAlarmsDisabledGiveNone() {
        AlarmSettings off = new AlarmSettings(true, OptionalDouble.empty(), OptionalInt.empty(), OptionalDouble.of(0.5),
                OptionalDouble.empty(), "");
        assertEquals(List.of("lamb-fn-dev-p99_of_timeout"), names(AlarmRules.of(off, "fn", "dev", 3, OptionalInt.of(5))));
        AlarmSettings disabled = new AlarmSettings(false, OptionalDouble.of(1), OptionalInt.of(1), OptionalDouble.of(0.8),
                OptionalDouble.of(0.8), "");
        assertEquals(List.of(), AlarmRules.of(disabled, "fn", "dev", 3, OptionalInt.of(5)));
    }

    @Test
    void thresholdsFollowTheTimeoutAndTheReservationWithoutFloatingPointNoise() {
        List<AlarmSpec> alarms = AlarmRules.of(AlarmSettings.defaults(), "fn", "dev", 3, OptionalInt.of(3));
        // 0.8 * 3 s is 2400 ms, and 0.8 * 3 is 2.4, though 0.8 * 3 in doubles is 2.4000000000000004.
        assertEquals(2400.0, alarms.get(2).threshold());
        assertEquals("p99", alarms.get(2).extendedStatistic());
        assertEquals(2.4, alarms.get(3).threshold());
        assertEquals(Map.of("FunctionName", "fn"), alarms.get(3).dimensions());
        assertEquals(Map.of("FunctionName", "fn", "Resource", "fn:dev"), alarms.get(1).dimensions());
    }

    @Test
    void everyAlarmIsTwoOfThreeMinutesNotBreachingOnMissingDataAndNotifiesTheTopic() {
        AlarmSettings notifying = new AlarmSettings(true, OptionalDouble.of(1), OptionalInt.of(1), OptionalDouble.of(0.8),
                OptionalDouble.of(0.8), TOPIC);
        for (AlarmSpec alarm : AlarmRules.of(notifying, "fn", "dev", 10, OptionalInt.of(10))) {
            PutMetricAlarmRequest put = alarm.toRequest(Map.of(DeployNames.TAG, "fn"));
            assertEquals(3, put.evaluationPeriods());
            assertEquals(2, put.datapointsToAlarm());
            assertEquals("notBreaching", put.treatMissingData());
            assertEquals(List.of(TOPIC), put.alarmActions());
            assertEquals(List.of(TOPIC), put.okActions());
            assertEquals("lamb:function", put.tags().get(0).key());
        }
    }

    @Test
    void whatDescribeAlarmsAnswersForAPutAlarmComparesEqualAndAChangedThresholdIsNamed() {
        AlarmSpec rate = AlarmRules.of(AlarmSettings.defaults(), "fn", "dev", 10, OptionalInt.empty()).get(0);
        MetricAlarm found = asDescribed(rate.toRequest(Map.of()));
        assertEquals(rate, AlarmSpec.of(found));
        assertEquals(List.of(), rate.differences(AlarmSpec.of(found)));

        AlarmSettings five = new AlarmSettings(true, OptionalDouble.of(5), OptionalInt.of(1), OptionalDouble.of(0.8),
                OptionalDouble.of(0.8), "");
        AlarmSpec wanted = AlarmRules.of(five, "fn", "dev", 10, OptionalInt.empty()).get(0);
        assertEquals(List.of("threshold 1 -> 5"), wanted.differences(AlarmSpec.of(found)));
    }

    /**
     * A metric's dimensions are a set (PutMetricAlarm's reference: "Dimension" names are unique per metric): an answer that
     * lists them in another order than lamb put them, at the top or inside a metric-math query, is no change.
     */
    @Test
    void dimensionsAnsweredInAnotherOrderAreNoChange() {
        List<AlarmSpec> specs = AlarmRules.of(AlarmSettings.defaults(), "fn", "dev", 10, OptionalInt.empty());
        AlarmSpec throttles = specs.get(1);
        PutMetricAlarmRequest put = throttles.toRequest(Map.of());
        MetricAlarm found = MetricAlarm.builder().alarmName(put.alarmName()).alarmDescription(put.alarmDescription())
                .namespace(put.namespace()).metricName(put.metricName()).statistic(put.statistic()).period(put.period())
                .dimensions(reversed(put.dimensions())).evaluationPeriods(put.evaluationPeriods())
                .datapointsToAlarm(put.datapointsToAlarm()).threshold(put.threshold()).comparisonOperator(put.comparisonOperator())
                .treatMissingData(put.treatMissingData()).build();
        assertEquals(2, put.dimensions().size());
        assertEquals(List.of(), throttles.differences(AlarmSpec.of(found)));

        AlarmSpec rate = specs.get(0);
        MetricAlarm math = asDescribed(rate.toRequest(Map.of()));
        MetricAlarm mathReordered = math.toBuilder().metrics(math.metrics().stream().map(q -> q.metricStat() == null ? q
                : q.toBuilder().metricStat(q.metricStat().toBuilder().metric(q.metricStat().metric().toBuilder()
                        .dimensions(reversed(q.metricStat().metric().dimensions())).build()).build()).build()).toList()).build();
        assertEquals(List.of(), rate.differences(AlarmSpec.of(mathReordered)));
    }

    private static List<Dimension> reversed(List<Dimension> dimensions) {
        List<Dimension> reversed = new ArrayList<>(dimensions);
        Collections.reverse(reversed);
        return reversed;
    }

    /** A MetricAlarm as DescribeAlarms answers for this PutMetricAlarm (ReturnData left out where it is true). */
    private static MetricAlarm asDescribed(PutMetricAlarmRequest put) {
        return MetricAlarm.builder().alarmName(put.alarmName()).alarmDescription(put.alarmDescription())
                .alarmArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + put.alarmName())
                .metrics(put.metrics().stream().map(q -> Boolean.TRUE.equals(q.returnData()) ? q.toBuilder().returnData((Boolean) null).build() : q)
                        .toList())
                .evaluationPeriods(put.evaluationPeriods()).datapointsToAlarm(put.datapointsToAlarm()).threshold(put.threshold())
                .comparisonOperator(put.comparisonOperator()).treatMissingData(put.treatMissingData()).build();
    }

    private static List<String> names(List<AlarmSpec> alarms) {
        return alarms.stream().map(AlarmSpec::name).toList();
    }
}
