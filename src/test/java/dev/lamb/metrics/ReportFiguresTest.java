package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.lamb.lambda.ReportLine;

class ReportFiguresTest {
    @Test
    void coldStartsInitPercentilesAndTheFullestInvocation() {
        List<ReportLine> lines = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            lines.add(MetricsSamples.report("r" + i, 10, 40 + i % 7, i % 10 == 0 ? (double) i : null));
        }
        ReportFigures r = ReportFigures.of(lines, false);
        assertEquals(100, r.lines());
        assertEquals(10, r.coldStarts());
        assertEquals(0.1, r.coldStartRate());
        assertEquals(55.0, r.initP50Ms(), "the median of 10, 20 ... 100");
        assertEquals(100.0, r.initP99Ms(), "nearest rank");
        assertEquals(46, r.maxMemoryUsedMb());
        assertEquals(128, r.memorySizeMb());
        assertEquals(46 / 128.0, r.memoryUsedFraction());
    }

    @Test
    void noLinesNoFigures() {
        ReportFigures r = ReportFigures.of(List.of(), false);
        assertEquals(0, r.lines());
        assertNull(r.coldStartRate());
        assertNull(r.initP99Ms());
        assertNull(r.memoryUsedFraction());
    }

    @Test
    void warmOnlyHasNoInitFigures() {
        ReportFigures r = ReportFigures.of(List.of(MetricsSamples.report("a", 3, 50, null)), false);
        assertEquals(0.0, r.coldStartRate());
        assertNull(r.initP50Ms());
    }
}
