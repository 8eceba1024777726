package dev.lamb.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReportLineTest {
    @Test
    void writesLambdasExactTextForAColdStart() {
        ReportLine r = new ReportLine("8f5b2c1e-1111-2222-3333-444455556666", 3.014, 114, 128, 36, 110.1, "success", null);
        assertEquals("REPORT RequestId: 8f5b2c1e-1111-2222-3333-444455556666\tDuration: 3.01 ms\tBilled Duration: 114 ms"
                + "\tMemory Size: 128 MB\tMax Memory Used: 36 MB\tInit Duration: 110.10 ms\t", r.text());
    }

    @Test
    void billsDurationAndInitRoundedUpToTheMillisecond() {
        assertEquals(4, ReportLine.billed(3.01, null));
        assertEquals(114, ReportLine.billed(3.01, 110.10));
        assertEquals(3, ReportLine.billed(3.0, null));
        assertEquals(1, ReportLine.billed(0.2, null));
    }

    @Test
    void parsesWhatItWritesIncludingTimeouts() {
        ReportLine timeout = new ReportLine("id-1", 1000.0, 1000, 256, 40, null, "timeout", "Sandbox.Timedout");
        assertEquals("REPORT RequestId: id-1\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\tMemory Size: 256 MB"
                + "\tMax Memory Used: 40 MB\tStatus: timeout\t", timeout.text());
        ReportLine back = ReportLine.parse(timeout.text()).orElseThrow();
        assertEquals(1000.0, back.durationMs());
        assertEquals("timeout", back.status());
        assertNull(back.initDurationMs());
    }

    @Test
    void jsonPlatformReportsRoundTrip() {
        ReportLine cold = new ReportLine("id-2", 3.923569, 149, 256, 118, 145.399, "success", null);
        String json = cold.json();
        assertTrue(json.contains("\"type\":\"platform.report\"") && json.contains("\"initDurationMs\":145.399"), json);
        ReportLine back = ReportLine.parse(json).orElseThrow();
        assertEquals(3.924, back.durationMs(), 0.001);
        assertEquals(145.399, back.initDurationMs());
        assertEquals(List.of(149L, 256, 118, "success"),
                List.of(back.billedDurationMs(), back.memorySizeMb(), back.maxMemoryUsedMb(), back.status()));
        ReportLine lambdas = ReportLine.parse("{\"time\":\"2026-10-08T06:53:49.000Z\",\"type\":\"platform.report\",\"record\":"
                + "{\"requestId\":\"r\",\"metrics\":{\"durationMs\":3923.569,\"billedDurationMs\":4069,\"memorySizeMB\":256,"
                + "\"maxMemoryUsedMB\":118,\"initDurationMs\":145.399},\"status\":\"timeout\",\"errorType\":\"Sandbox.Timedout\"}}").orElseThrow();
        assertEquals(4069, lambdas.billedDurationMs());
        assertEquals("timeout", lambdas.status());
        assertTrue(ReportLine.parse("{\"type\":\"platform.start\",\"record\":{}}").isEmpty());
    }

    @Test
    void readsLambdasOwnLinesOldAndNew() {
        // As CloudWatch holds them: the old form has a space before some tabs.
        ReportLine old = ReportLine.parse("REPORT RequestId: abc\tDuration: 12.34 ms\tBilled Duration: 100 ms \t"
                + "Memory Size: 128 MB\tMax Memory Used: 20 MB\t").orElseThrow();
        assertEquals(12.34, old.durationMs());
        assertEquals(100, old.billedDurationMs());
        ReportLine error = ReportLine.parse("REPORT RequestId: x\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 30 MB\tStatus: error\tError Type: Runtime.ExitError").orElseThrow();
        assertEquals("Runtime.ExitError", error.errorType());
        assertTrue(ReportLine.parse("START RequestId: x Version: $LATEST").isEmpty());
        assertEquals(Optional.empty(), ReportLine.parse("REPORT RequestId: x\tDuration: lots"));
    }
}
