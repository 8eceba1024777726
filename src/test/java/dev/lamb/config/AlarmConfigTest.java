package dev.lamb.config;

import static dev.lamb.config.ConfigTexts.FUNCTION;
import static dev.lamb.config.ConfigTexts.message;
import static dev.lamb.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** lamb.toml's [alarms] (issue 16 §2): its defaults, rules turned off, and [stage.NAME.alarms] over it. */
class AlarmConfigTest {
    @Test
    void withoutTheTableEveryRuleIsOnAtItsDocumentedDefault() {
        AlarmSettings alarms = parse(FUNCTION).alarms();
        assertTrue(alarms.enabled());
        assertEquals(OptionalDouble.of(1), alarms.errorRatePercent());
        assertEquals(OptionalInt.of(1), alarms.throttles());
        assertEquals(OptionalDouble.of(0.8), alarms.p99OfTimeout());
        assertEquals(OptionalDouble.of(0.8), alarms.concurrencyOfReserved());
        assertEquals("", alarms.notifyTopic());
    }

    @Test
    void keysSetThresholdsAndFalseTurnsARuleOff() {
        AlarmSettings alarms = parse(FUNCTION + """

                [alarms]
                error_rate = 2.5
                throttles = false
                p99_of_timeout = 0.5
                notify = "arn:aws:sns:us-east-1:123456789012:alerts"
                """).alarms();
        assertEquals(OptionalDouble.of(2.5), alarms.errorRatePercent());
        assertEquals(OptionalInt.empty(), alarms.throttles());
        assertEquals(OptionalDouble.of(0.5), alarms.p99OfTimeout());
        assertEquals(OptionalDouble.of(0.8), alarms.concurrencyOfReserved());
        assertEquals("arn:aws:sns:us-east-1:123456789012:alerts", alarms.notifyTopic());
    }

    @Test
    void aStageOverridesAlarmsKeyByKey() {
        ProjectConfig dev = parse(FUNCTION + """

                [alarms]
                error_rate = 5

                [stage.prod]
                memory = 512

                [stage.prod.alarms]
                notify = "arn:aws:sns:us-east-1:123456789012:pager"

                [stage.test.alarms]
                enabled = false
                """);
        assertEquals("", dev.alarms().notifyTopic());
        AlarmSettings prod = dev.forStage("prod").alarms();
        assertEquals("arn:aws:sns:us-east-1:123456789012:pager", prod.notifyTopic());
        assertEquals(OptionalDouble.of(5), prod.errorRatePercent(), "[alarms]' value, not the default");
        assertEquals(512, dev.forStage("prod").function().memory());
        assertFalse(dev.forStage("test").alarms().enabled());
        assertTrue(dev.forStage("staging").alarms().enabled(), "a stage without a table has [alarms]' settings");
    }

    @Test
    void badValuesNameTheKeyAndItsLine() {
        assertEquals("lamb.toml:7: alarms.error_rate must be a number from 0.01 to 100 percent, or false to turn the alarm off,"
                + " not 150", message(FUNCTION + "\n[alarms]\nerror_rate = 150\n"));
        assertEquals("lamb.toml:7: alarms.throttles must be a whole number of throttles",
                message(FUNCTION + "\n[alarms]\nthrottles = 1.5\n"));
        assertEquals("lamb.toml:7: 'topic' is not an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:alerts",
                message(FUNCTION + "\n[alarms]\nnotify = \"topic\"\n"));
        assertEquals("lamb.toml:7: unknown key 'alarms.error_rte' (did you mean 'error_rate'?)",
                message(FUNCTION + "\n[alarms]\nerror_rte = 2\n"));
        assertEquals("lamb.toml:7: stage.prod.alarms.p99_of_timeout must be a number from 0.01 to 1 of the timeout, or false "
                + "to turn the alarm off, not 2", message(FUNCTION + "\n[stage.prod.alarms]\np99_of_timeout = 2\n"));
    }
}
