package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.Help.Ansi;

class MetricsViewTest {
    private static String text(MetricsReport report) {
        return MetricsView.render(report, ZoneOffset.UTC, Ansi.OFF);
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.strip().startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(start + " in\n" + text));
    }

    @Test
    void aTableOfFiguresWithASparklineEach() {
        String text = text(MetricsSamples.busy());
        assertTrue(text.startsWith("shop, stage prod (shop:prod, version 7): 2026-12-07 09:00 to 2026-12-07 09:03 (3 periods of 1 min)"),
                text);
        assertEquals("Invocations                100                    ▁█▁", line(text, "Invocations").strip());
        assertTrue(line(text, "Errors").contains("3 (3.00%)"));
        assertTrue(line(text, "Duration p99").contains("2500 ms (timeout 3 s)"));
        assertTrue(line(text, "Duration p99").endsWith("   █"), "no sample, sample, no sample: " + line(text, "Duration p99"));
        assertTrue(line(text, "Concurrency max").contains("9 of 10 reserved"));
        assertTrue(line(text, "Throughput").contains("0.56/s"));
    }

    @Test
    void reportLinesVersionsAlarmsAndFlags() {
        String text = text(MetricsSamples.busy());
        assertTrue(text.contains("REPORT LINES (2, of version 7)"), text);
        assertTrue(line(text, "Cold starts").contains("1 (50%)"));
        assertTrue(line(text, "Init p50 / p99").contains("300 ms / 300 ms"));
        assertTrue(line(text, "Memory used max").contains("120 of 128 MB (94%)"));
        assertTrue(line(text, "6 ").matches("\\s*6\\s+40\\s+0 \\(0%\\).*"), line(text, "6 "));
        assertTrue(line(text, "lamb-shop-prod-error_rate").contains("ALARM") && line(text, "lamb-shop-prod-error_rate")
                .contains("since 2026-12-07 09:01"));
        for (String flag : List.of("! p99 duration 2500 ms is above 80% of the 3 s timeout", "! errors are 3.00% of invocations",
                "! 1 invocation was throttled", "! concurrency reached 9, within 80% of the reserved 10",
                "! memory used reached 120 of 128 MB, above 90%")) {
            assertTrue(text.contains(flag), flag + " in\n" + text);
        }
        assertTrue(text.contains("5 AWS calls (1 GetMetricData)"), text);
    }

    @Test
    void aQuietFunctionSaysSo() {
        String text = text(MetricsSamples.quiet());
        assertTrue(text.startsWith("calm, all versions:"), text);
        assertTrue(text.contains("none in the window"));
        assertTrue(text.contains("none (deploy sets them up"));
        assertTrue(text.contains("nothing needs attention"));
        assertTrue(line(text, "Errors").contains("0 (-)"));
        assertFalse(text.contains("Async"), "async figures only when in use");
        assertFalse(text.contains("API "), "no API");
    }

    @Test
    void colourOnlyWhenAsked() {
        assertFalse(text(MetricsSamples.busy()).contains("\u001b["));
        assertTrue(MetricsView.render(MetricsSamples.busy(), ZoneOffset.UTC, Ansi.ON).contains("\u001b["));
    }
}
