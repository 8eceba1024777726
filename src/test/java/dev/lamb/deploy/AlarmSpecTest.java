package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * AlarmSpec and its Query write equals out (see AlarmSpec.equals): they must compare as a record's generated equals does
 * (java.lang.Record#equals: each component, primitives by their wrapper's compare), so each component, changed alone,
 * makes two specs differ, and equal specs hash alike.
 */
class AlarmSpecTest {
    private static final AlarmSpec.Query QUERY = new AlarmSpec.Query("e", null, null, Map.of(), null, null, "m1 / m2", true);
    private static final AlarmSpec SPEC = new AlarmSpec("lamb-f-dev-errors", "over 1%", "AWS/Lambda", "Errors", "Sum", null,
            Map.of("FunctionName", "f"), List.of(QUERY), 60, 1, 1, 1.0, "GreaterThanThreshold", "notBreaching",
            List.of("arn:a"), List.of("arn:o"));

    @Test
    void eachComponentOfAnAlarmCounts() throws Exception {
        assertComparesByEveryComponent(SPEC, List.of("x", "y", "z", "w", "v", "u", Map.of("FunctionName", "g"),
                List.of(), 300, 2, 2, 2.0, "LessThanThreshold", "breaching", List.of(), List.of()));
    }

    @Test
    void eachComponentOfAQueryCounts() throws Exception {
        assertComparesByEveryComponent(QUERY, List.of("f", "AWS/Lambda", "Errors", Map.of("Resource", "f:dev"), 60, "Sum",
                "m1 * 100", false));
    }

    @Test
    void thresholdsCompareAsDoublesDo() {
        assertNotEquals(with(SPEC, 11, 0.0), with(SPEC, 11, -0.0));
        assertEquals(with(SPEC, 11, Double.NaN), with(SPEC, 11, Double.NaN));
    }

    private static <T extends Record> void assertComparesByEveryComponent(T value, List<Object> others) throws Exception {
        RecordComponent[] components = value.getClass().getRecordComponents();
        assertEquals(components.length, others.size());
        T copy = with(value, -1, null);
        assertEquals(value, copy);
        assertEquals(value.hashCode(), copy.hashCode());
        assertNotEquals(value, null);
        assertNotEquals(value, "not a record");
        for (int i = 0; i < components.length; i++) {
            assertNotEquals(value, with(value, i, others.get(i)), components[i].getName());
        }
    }

    /** {@code value} with component {@code index} replaced (none when -1), through the canonical constructor. */
    @SuppressWarnings("unchecked")
    private static <T extends Record> T with(T value, int index, Object replacement) {
        try {
            RecordComponent[] components = value.getClass().getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = i == index ? replacement : components[i].getAccessor().invoke(value);
            }
            Constructor<?> canonical = value.getClass().getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return (T) canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
