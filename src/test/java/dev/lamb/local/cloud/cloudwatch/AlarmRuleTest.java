package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * M of N and TreatMissingData, as the CloudWatch user guide describes them ("Evaluating an alarm", "Configuring how
 * CloudWatch alarms treat missing data"); the reasons as CloudWatch words them.
 */
class AlarmRuleTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:50:00Z");

    /** Periods a minute apart from T0; each value null for a period without a datapoint. */
    private static Optional<AlarmRule.Verdict> judge(AlarmRule rule, StateValue current, Double... values) {
        List<Instant> periods = new ArrayList<>();
        Map<Instant, Double> points = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            Instant t = T0.plusSeconds(60L * i);
            periods.add(t);
            if (values[i] != null) {
                points.put(t, values[i]);
            }
        }
        return rule.judge(periods, points, current);
    }

    private static AlarmRule rule(int m, int n, MissingData missing) {
        return new AlarmRule(ComparisonOperator.GREATER_THAN, 1.0, n, m, missing);
    }

    @Test
    void twoOfThreeBreachingIsAlarmAndTheReasonListsThemNewestFirst() {
        AlarmRule.Verdict v = judge(rule(2, 3, MissingData.NOT_BREACHING), StateValue.OK, 0.0, 5.0, 3.0).orElseThrow();
        assertEquals(StateValue.ALARM, v.state());
        assertEquals("Threshold Crossed: 2 out of the last 3 datapoints [3.0 (07/12/26 00:52:00), 5.0 (07/12/26 00:51:00)] were "
                + "greater than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).", v.reason());
        assertEquals(3, v.evaluated().size());
    }

    @Test
    void oneBreachingOfThreeIsOkWithTwoNeeded() {
        AlarmRule.Verdict v = judge(rule(2, 3, MissingData.NOT_BREACHING), StateValue.ALARM, 0.0, 0.5, 3.0).orElseThrow();
        assertEquals(StateValue.OK, v.state());
        assertEquals("Threshold Crossed: 2 out of the last 3 datapoints [0.5 (07/12/26 00:51:00), 0.0 (07/12/26 00:50:00)] were "
                + "not greater than the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).", v.reason());
    }

    @Test
    void theComparisonsAreTheModelsFour() {
        assertTrue(ComparisonOperator.GREATER_THAN_OR_EQUAL.breaches(1, 1));
        assertTrue(!ComparisonOperator.GREATER_THAN.breaches(1, 1));
        assertTrue(ComparisonOperator.LESS_THAN.breaches(0, 1));
        assertTrue(ComparisonOperator.LESS_THAN_OR_EQUAL.breaches(1, 1));
        assertEquals(ComparisonOperator.LESS_THAN, ComparisonOperator.named("LessThanThreshold").orElseThrow());
    }

    @Test
    void notBreachingCountsEmptyPeriodsAsGood() {
        AlarmRule.Verdict v = judge(rule(2, 3, MissingData.NOT_BREACHING), StateValue.ALARM, null, null, 5.0).orElseThrow();
        assertEquals(StateValue.OK, v.state());
        AlarmRule.Verdict none = judge(rule(2, 3, MissingData.NOT_BREACHING), StateValue.INSUFFICIENT_DATA, null, null, null).orElseThrow();
        assertEquals(StateValue.OK, none.state());
        assertEquals("Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as "
                + "[NonBreaching].", none.reason());
    }

    @Test
    void breachingCountsEmptyPeriodsAsBad() {
        assertEquals(StateValue.ALARM, judge(rule(2, 3, MissingData.BREACHING), StateValue.OK, null, 0.0, null).orElseThrow().state());
        assertEquals(StateValue.OK, judge(rule(2, 3, MissingData.BREACHING), StateValue.OK, 0.0, 0.0, null).orElseThrow().state());
    }

    @Test
    void missingIsInsufficientDataWithNoDatapointsAndJudgesByThoseThereAre() {
        AlarmRule.Verdict none = judge(rule(3, 3, MissingData.MISSING), StateValue.OK, null, null, null).orElseThrow();
        assertEquals(StateValue.INSUFFICIENT_DATA, none.state());
        assertEquals("Insufficient Data: 3 datapoints were unknown.", none.reason());
        assertEquals(StateValue.ALARM, judge(rule(3, 3, MissingData.MISSING), StateValue.OK, null, null, 5.0).orElseThrow().state());
        assertEquals(StateValue.OK, judge(rule(3, 3, MissingData.MISSING), StateValue.ALARM, 0.0, null, 5.0).orElseThrow().state());
    }

    @Test
    void ignoreKeepsTheStateUnlessTheDatapointsDecide() {
        assertTrue(judge(rule(3, 3, MissingData.IGNORE), StateValue.OK, null, null, null).isEmpty());
        assertTrue(judge(rule(3, 3, MissingData.IGNORE), StateValue.OK, null, null, 5.0).isEmpty());
        assertEquals(StateValue.OK, judge(rule(3, 3, MissingData.IGNORE), StateValue.ALARM, 0.0, null, 5.0).orElseThrow().state());
        assertEquals(StateValue.ALARM, judge(rule(2, 3, MissingData.IGNORE), StateValue.OK, 5.0, null, 5.0).orElseThrow().state());
    }

    @Test
    void oneOfOneSaysWas() {
        AlarmRule one = new AlarmRule(ComparisonOperator.GREATER_THAN_OR_EQUAL, 1.0, 1, 1, MissingData.MISSING);
        assertEquals("Threshold Crossed: 1 out of the last 1 datapoints [3.0 (07/12/26 00:50:00)] was greater than or equal to the "
                + "threshold (1.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).",
                judge(one, StateValue.INSUFFICIENT_DATA, 3.0).orElseThrow().reason());
    }
}
