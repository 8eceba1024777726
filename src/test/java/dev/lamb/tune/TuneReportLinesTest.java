package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.lamb.lambda.ReportLine;

/**
 * The REPORT lines the tuner reads, in the forms Lambda writes them, beyond what ReportLineTest covers: a
 * cold text line read back, and a warm JSON line without initDurationMs (the case that broke Power Tuning,
 * its issue #305).
 */
class TuneReportLinesTest {
    @Test
    void aColdTextLineCarriesInitAndItsBilledCost() {
        ReportLine cold = ReportLine.parse("REPORT RequestId: 3f0c9d2e-0000-4000-8000-000000000001\tDuration: 3.01 ms"
                + "\tBilled Duration: 114 ms\tMemory Size: 128 MB\tMax Memory Used: 36 MB\tInit Duration: 110.10 ms\t")
                .orElseThrow();
        assertTrue(cold.cold());
        assertEquals(110.10, cold.initDurationMs());
        assertEquals(114, CostModel.coldBilledMs(cold));
        assertEquals(36, cold.maxMemoryUsedMb());
    }

    @Test
    void aWarmTextLineHasNoInit() {
        ReportLine warm = ReportLine.parse("REPORT RequestId: r\tDuration: 2.50 ms\tBilled Duration: 3 ms"
                + "\tMemory Size: 512 MB\tMax Memory Used: 70 MB\t").orElseThrow();
        assertFalse(warm.cold());
        assertEquals("success", warm.status());
        assertEquals(3, warm.billedDurationMs());
    }

    @Test
    void aTimedOutTextLineSaysSo() {
        ReportLine timeout = ReportLine.parse("REPORT RequestId: t\tDuration: 3000.00 ms\tBilled Duration: 3000 ms"
                + "\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: timeout").orElseThrow();
        assertEquals("timeout", timeout.status());
        assertNull(timeout.errorType());
    }

    @Test
    void aWarmJsonReportWithoutInitDuration() {
        ReportLine warm = ReportLine.parse("{\"time\":\"2026-04-01T10:00:00.000Z\",\"type\":\"platform.report\","
                + "\"record\":{\"requestId\":\"w\",\"metrics\":{\"durationMs\":12.345,\"billedDurationMs\":13,"
                + "\"memorySizeMB\":1024,\"maxMemoryUsedMB\":80},\"status\":\"success\"}}").orElseThrow();
        assertFalse(warm.cold());
        assertEquals(13, warm.billedDurationMs());
        assertEquals(1024, warm.memorySizeMb());
        assertEquals("success", warm.status());
    }
}
