package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.Help.Ansi;

class TuneTableTest {
    private final String table = TuneTable.render(TuneTableSamples.twoArchitectures());
    private final List<String> lines = table.lines().toList();

    @Test
    void oneRowPerSizeUnderAHeader() {
        assertTrue(lines.get(0).contains("memory") && lines.get(0).contains("status"), table);
        assertEquals(8, rows().size(), table);
    }

    @Test
    void recommendedRowIsMarkedAndOnlyIt() {
        List<String> marked = rows().stream().filter(l -> l.startsWith(">")).toList();
        assertEquals(1, marked.size(), table);
        assertTrue(marked.get(0).contains("512 MB") && marked.get(0).contains("arm64"), table);
        assertTrue(table.contains("> recommended"), "legend explains the mark:\n" + table);
    }

    @Test
    void currentConfigurationIsMarked() {
        List<String> current = rows().stream().filter(l -> l.charAt(1) == '*').toList();
        assertEquals(1, current.size(), table);
        assertTrue(current.get(0).contains("512 MB") && current.get(0).contains("x86_64"), table);
    }

    @Test
    void refinedSizesAreMarked() {
        assertEquals(2, rows().stream().filter(l -> l.contains(" MB+")).count(), table);
        assertTrue(row("640 MB", "x86_64").contains("640 MB+"), table);
        assertTrue(row("768 MB", "x86_64").contains("768 MB+"), table);
        assertTrue(row("512 MB", "x86_64").contains("512 MB "), table);
    }

    @Test
    void statusShowsTheReasonForInfeasibleAndRiskySizes() {
        assertTrue(row("128 MB", "x86_64").endsWith("infeasible: out of memory (Runtime.OutOfMemory)"), table);
        assertTrue(row("256 MB", "x86_64").endsWith("risky: max memory used 240 of 256 MB"), table);
        assertTrue(row("512 MB", "x86_64").endsWith("ok"), table);
        assertTrue(row("1024 MB", "arm64").endsWith("infeasible: ValueError: \"no greeting\", today line two"),
                "a multi-line reason stays on its row:\n" + table);
    }

    @Test
    void infeasibleSizesShowNoDurationsOrCosts() {
        String timeout = row("1024 MB", "arm64");
        assertFalse(timeout.contains("3000.00"), table);
        assertTrue(timeout.contains("260 MB (25%)"), "memory used is still shown:\n" + table);
    }

    @Test
    void costsKeepTheirSignificantDigits() {
        String arm = row("512 MB", "arm64");
        assertTrue(arm.contains(" 0.000001540 "), arm);
        assertTrue(arm.contains(" 1.540 "), arm);
        String x86 = row("640 MB", "x86_64");
        assertTrue(x86.contains(" 0.000001773 "), x86);
        assertTrue(x86.contains(" 1.773 "), x86);
        assertTrue(x86.contains("151.00 ± 2.75"), x86);
        assertTrue(row("768 MB", "x86_64").contains(" -  "), "a size with no cold start has no init time");
    }

    @Test
    void columnsAreAligned() {
        for (String header : List.of("median ms", "USD/1M", "init ms")) {
            int end = lines.get(0).indexOf(header) + header.length();
            for (String row : rows()) {
                assertTrue(row.charAt(end - 1) != ' ' && row.charAt(end) == ' ',
                        "right-aligned under '" + header + "':\n" + table);
            }
        }
        int status = lines.get(0).indexOf("status");
        for (String row : rows()) {
            assertTrue(row.charAt(status - 1) == ' ' && row.charAt(status) != ' ', table);
        }
    }

    @Test
    void noMarksWithoutACurrentOrRecommendedSize() {
        String none = TuneTable.render(TuneTableSamples.nothingRecommended());
        assertTrue(none.lines().skip(1).allMatch(l -> l.startsWith("  ")), none);
        assertFalse(none.contains("recommended"), none);
        assertFalse(none.contains("current"), none);
    }

    @Test
    void colourOnlyWhenEnabledAndLayoutUnchanged() {
        assertFalse(table.contains("\u001B"), table);
        String coloured = TuneTable.render(TuneTableSamples.twoArchitectures(), Ansi.ON);
        assertTrue(coloured.contains("\u001B[1m"), "recommended row bold");
        assertFalse(coloured.contains("\u001B[21m"), "SGR 21 is a double underline on many terminals");
        assertEquals(table, coloured.replaceAll("\u001B\\[[0-9;]*m", ""));
    }

    private List<String> rows() {
        return lines.stream().filter(l -> l.matches("^.. +\\d+ MB.*")).toList();
    }

    private String row(String memory, String arch) {
        return rows().stream().filter(l -> l.contains(" " + memory) && l.contains(" " + arch + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(memory + " " + arch + " not in\n" + table));
    }
}
