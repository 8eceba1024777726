package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.cloudwatch.MetricAlarm.AlarmStatus;

/**
 * Alarm evaluation as time passes, on a clock the test moves and datapoints it gives: transitions, their history
 * items (StateUpdate, and Action for the new state's actions, which the local cloud cannot deliver), and the store's
 * files, read back as a restarted cloud reads them.
 */
class AlarmEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:30.123Z");
    private static final String ARN = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:";

    @TempDir
    Path data;

    private final Map<Instant, Double> points = new HashMap<>();

    private static MetricAlarm errorsAlarm(Instant at) throws Exception {
        String input = "{\"Namespace\":\"Lamb/Test\",\"MetricName\":\"Errors\",\"Statistic\":\"Sum\",\"Period\":60,"
                + "\"Dimensions\":[{\"Name\":\"FunctionName\",\"Value\":\"fn\"}],\"EvaluationPeriods\":3,\"DatapointsToAlarm\":2,"
                + "\"Threshold\":0,\"ComparisonOperator\":\"GreaterThanThreshold\",\"TreatMissingData\":\"notBreaching\","
                + "\"AlarmActions\":[\"arn:aws:sns:us-east-1:000000000000:oncall\"]}";
        AlarmDefinition d = AlarmDefinition.parse(new CloudWatchInput(new ObjectMapper().readTree(input)));
        return new MetricAlarm("errors", ARN + "errors", d, at, AlarmStatus.initial(at), Map.of("lamb", "fn-dev"));
    }

    private AlarmEvaluator evaluator(AlarmStore store, Instant now) {
        return new AlarmEvaluator(store, (d, start, end) -> {
            assertEquals(Instant.parse("2026-12-07T00:58:00Z"), start, "the window: the 3 periods up to and with the one now running");
            assertEquals(Instant.parse("2026-12-07T01:01:00Z"), end);
            return points;
        }, () -> now, 1.0, message -> {
            throw new AssertionError(message);
        });
    }

    @Test
    void aBurstIsAlarmWithItsHistoryAndGoodDataIsOkAgain() throws Exception {
        AlarmStore store = new AlarmStore(data, NOW);
        store.put(errorsAlarm(NOW.minusSeconds(30)), List.of());
        AlarmEvaluator evaluator = evaluator(store, NOW);

        points.put(Instant.parse("2026-12-07T01:00:00Z"), 4.0);
        points.put(Instant.parse("2026-12-07T00:59:00Z"), 2.0);
        evaluator.evaluate();
        MetricAlarm alarm = store.get("errors").orElseThrow();
        assertEquals(StateValue.ALARM, alarm.status().value());
        assertEquals(NOW, alarm.status().updated());
        assertEquals(NOW, alarm.status().transitioned());
        assertTrue(alarm.status().reasonData().contains("\"statistic\":\"Sum\""), alarm.status().reasonData());
        List<AlarmHistoryItem> history = store.history();
        assertEquals(List.of(AlarmHistoryItem.STATE_UPDATE, AlarmHistoryItem.ACTION), history.stream().map(AlarmHistoryItem::type).toList());
        assertEquals("Alarm updated from INSUFFICIENT_DATA to ALARM", history.get(0).summary());
        assertTrue(history.get(1).summary().startsWith("Failed to execute action arn:aws:sns:us-east-1:000000000000:oncall"));

        evaluator.evaluate();
        assertEquals(2, store.history().size(), "no history while the state stays");

        points.put(Instant.parse("2026-12-07T01:00:00Z"), 0.0);
        evaluator.evaluate();
        assertEquals(StateValue.OK, store.get("errors").orElseThrow().status().value());
        assertEquals(3, store.history().size(), "no OK actions: only the StateUpdate");
        store.close();
    }

    @Test
    void anAlarmThatCannotBeEvaluatedIsInsufficientDataAndTheOthersAreStillEvaluated() throws Exception {
        AlarmStore store = new AlarmStore(data, NOW);
        MetricAlarm errors = errorsAlarm(NOW.minusSeconds(30));
        // Sorted before "errors", as a user's alarm can be before lamb's: its failure must not stop the evaluation there.
        MetricAlarm broken = new MetricAlarm("a-broken", ARN + "a-broken", errors.definition().withActionsEnabled(false), NOW,
                AlarmStatus.initial(NOW), Map.of());
        store.put(broken, List.of());
        store.put(errors, List.of());
        points.put(Instant.parse("2026-12-07T01:00:00Z"), 4.0);
        points.put(Instant.parse("2026-12-07T00:59:00Z"), 2.0);
        List<String> said = new ArrayList<>();
        AlarmEvaluator evaluator = new AlarmEvaluator(store, (d, start, end) -> {
            if (!d.actionsEnabled()) {
                throw new IllegalStateException("the data cannot be read");
            }
            return points;
        }, () -> NOW, 1.0, said::add);

        evaluator.evaluate();
        assertEquals(StateValue.ALARM, store.get("errors").orElseThrow().status().value(), "evaluated after the broken one");
        AlarmStatus status = store.get("a-broken").orElseThrow().status();
        assertEquals(StateValue.INSUFFICIENT_DATA, status.value());
        assertTrue(status.reason().contains("the data cannot be read"), status.reason());
        assertEquals(1, said.size(), said.toString());

        evaluator.evaluate();
        assertEquals(1, said.size(), "said once, as the reason changes, not every minute");
        assertEquals(1, store.history().stream().filter(i -> i.alarmName().equals("a-broken")).count(), "one StateUpdate");
        store.close();
    }

    @Test
    void aRestartedStoreHasTheAlarmsAndTheHistoryOfTheLast30Days() throws Exception {
        AlarmStore store = new AlarmStore(data, NOW);
        MetricAlarm alarm = errorsAlarm(NOW);
        store.put(alarm, List.of(AlarmHistory.created(alarm, NOW)));
        store.record(List.of(new AlarmHistoryItem("old", NOW.minus(Duration.ofDays(31)), AlarmHistoryItem.STATE_UPDATE, "gone", "{}")));
        store.close();

        AlarmStore again = new AlarmStore(data, NOW);
        assertEquals(alarm, again.get("errors").orElseThrow());
        assertEquals(List.of("Alarm \"errors\" created"), again.history().stream().map(AlarmHistoryItem::summary).toList());
        again.close();
    }

    @Test
    void anUnknownStatisticAndAnAnomalyBandAreRefused() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String base = "\"Namespace\":\"N\",\"MetricName\":\"M\",\"Period\":60,\"EvaluationPeriods\":1,\"Threshold\":1,";
        Exception bad = assertThrows(RuntimeException.class, () -> AlarmDefinition.parse(new CloudWatchInput(
                json.readTree("{" + base + "\"Statistic\":\"p99\",\"ComparisonOperator\":\"GreaterThanThreshold\"}"))));
        assertEquals("The value p99 for parameter Statistic is invalid.", bad.getMessage());
        Exception band = assertThrows(RuntimeException.class, () -> AlarmDefinition.parse(new CloudWatchInput(
                json.readTree("{" + base + "\"Statistic\":\"Sum\",\"ComparisonOperator\":\"LessThanLowerThreshold\"}"))));
        assertTrue(band.getMessage().contains("anomaly detection"), band.getMessage());
    }
}
