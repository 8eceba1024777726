package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;
import picocli.CommandLine.Help.Ansi;

class TuneChartTest {
    private final TuneResult result = TuneTableSamples.twoArchitectures();
    private final String chart = TuneChart.render(result);

    @Test
    void fitsEightyColumns() {
        for (TuneResult r : List.of(result, TuneTableSamples.nothingRecommended())) {
            String text = TuneChart.render(r);
            text.lines().forEach(l -> assertTrue(l.codePointCount(0, l.length()) <= 80, "too wide: " + l + "\n" + text));
        }
        String wide = TuneChart.render(result, Ansi.OFF, 120);
        assertTrue(wide.lines().anyMatch(l -> l.length() > 100), "uses a wider terminal:\n" + wide);
        String narrow = TuneChart.render(result, Ansi.OFF, 20);
        narrow.lines().forEach(l -> assertTrue(l.length() <= 60, "never narrower than 60 columns: " + l));
    }

    @Test
    void oneRowPerSizeWithBothSeries() {
        assertTrue(chart.contains("USD per 1M") && chart.contains("median ms"), chart);
        assertEquals(8, rows().size(), chart);
        String arm = row("512 MB", "arm64");
        assertTrue(arm.contains("█") && arm.contains(" 1.540 ") && arm.endsWith(" 200.40"), arm);
        assertTrue(arm.startsWith(">"), "recommended is marked:\n" + chart);
        assertTrue(row("512 MB", "x86_64").startsWith(" *"), "current is marked:\n" + chart);
        assertTrue(row("640 MB", "x86_64").contains("640 MB+"), "refined is marked:\n" + chart);
    }

    @Test
    void barLengthsFollowTheValues() {
        double cheap = costBar(row("512 MB", "arm64"));
        double dear = costBar(row("1024 MB", "x86_64"));
        assertEquals(1.5400 / 1.9667, cheap / dear, 0.06, chart);
        assertTrue(durationBar(row("256 MB", "x86_64")) > 2 * durationBar(row("1024 MB", "x86_64")), chart);
    }

    @Test
    void infeasibleSizesShowTheirReasonInsteadOfBars() {
        assertTrue(row("128 MB", "x86_64").endsWith("infeasible: out of memory (Runtime.OutOfMemory)"), chart);
        String timeout = row("1024 MB", "arm64");
        assertTrue(timeout.contains("infeasible: ValueError"), chart);
        assertFalse(timeout.contains("█"), chart);
    }

    @Test
    void riskySizesAreShadedAndExplained() {
        assertTrue(row("256 MB", "x86_64").contains("░"), chart);
        assertFalse(row("256 MB", "x86_64").contains("█"), chart);
        assertTrue(chart.contains("░ risky"), chart);
    }

    @Test
    void architecturesAreGroupedApart() {
        List<String> lines = chart.lines().toList();
        int lastX86 = lines.indexOf(row("1024 MB", "x86_64"));
        assertEquals("", lines.get(lastX86 + 1), chart);
        String one = TuneChart.render(TuneTableSamples.nothingRecommended());
        assertFalse(one.lines().anyMatch(String::isEmpty), one);
    }

    @Test
    void colourOnlyWhenEnabled() {
        assertFalse(chart.contains("\u001B"), chart);
        String coloured = TuneChart.render(result, Ansi.ON, TuneChart.DEFAULT_WIDTH);
        assertTrue(coloured.contains("\u001B[32m"), coloured);
        assertEquals(chart, coloured.replaceAll("\u001B\\[[0-9;]*m", ""));
    }

    @Test
    void barsStartInOneColumnWhateverTheMemoryDigits() {
        SizeResult small = new SizeResult(128, "arm64", 10, 50, 60, 51, 1, 3e-7, 60, null,
                SizeResult.Verdict.OK, "", false, null);
        SizeResult large = new SizeResult(10240, "arm64", 10, 10, 12, 11, 0.5, 2e-6, 70, null,
                SizeResult.Verdict.OK, "", true, null);
        String text = TuneChart.render(new TuneResult("f", "r", "cost", List.of(small, large), null, large, "", 22, 1));
        List<Integer> starts = text.lines().filter(l -> l.contains(" MB")).map(l -> l.indexOf('█')).toList();
        assertEquals(2, starts.size(), text);
        assertEquals(starts.get(0), starts.get(1), text);
    }

    @Test
    void emptyRunSaysSo() {
        TuneResult empty = new TuneResult("f", "r", "cost", List.of(), null, null, "", 0, 0);
        assertTrue(TuneChart.render(empty).contains("no sizes were measured"));
    }

    private List<String> rows() {
        return chart.lines().filter(l -> l.matches("^.. +\\d+ MB.*")).toList();
    }

    private String row(String memory, String arch) {
        return rows().stream().filter(l -> l.contains(" " + memory) && l.contains(" " + arch + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(memory + " " + arch + " not in\n" + chart));
    }

    /** The first bar of a row in characters, eighth blocks counted as fractions. */
    private static double costBar(String row) {
        return bars(row).get(0);
    }

    private static double durationBar(String row) {
        return bars(row).get(1);
    }

    private static List<Double> bars(String row) {
        return Pattern.compile("[█▏▎▍▌▋▊▉░]+").matcher(row).results().map(m -> m.group().chars()
                .mapToDouble(c -> c == '█' || c == '░' ? 1 : (" ▏▎▍▌▋▊▉".indexOf(c)) / 8.0).sum()).toList();
    }
}
