package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MetricsCsvTest {
    @Test
    void aRecordPerPeriodForTheTargetAndEachVersion() {
        List<String> lines = MetricsCsv.render(MetricsSamples.busy()).lines().toList();
        assertTrue(lines.get(0).startsWith("function,stage,version,period_start,invocations,errors,throttles,duration_p50,"), lines.get(0));
        assertEquals(1 + 3 + 3, lines.size());
        assertTrue(lines.get(2).startsWith("shop,prod,,2026-12-07T09:01:00Z,100.0,3.0,1.0,625.0,1250.0,2500.0,3750.0,9.0,"), lines.get(2));
        assertTrue(lines.get(1).startsWith("shop,prod,,2026-12-07T09:00:00Z,0.0,0.0,0.0,,,,,,"), "no sample is an empty field: " + lines.get(1));
        assertTrue(lines.get(5).startsWith("shop,prod,6,2026-12-07T09:01:00Z,40.0,0.0,,5.0,10.0,20.0,30.0,,"), lines.get(5));
    }
}
