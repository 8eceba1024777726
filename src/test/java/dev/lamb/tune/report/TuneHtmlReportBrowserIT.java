package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;

/**
 * Issue 6 asks for the report to be checked in a real browser: Debian's chromium, headless, loads the written
 * page from disk and prints the DOM it built, where the chart's and the table's elements must be.
 */
class TuneHtmlReportBrowserIT {
    private static final int CHROMIUM_SECONDS = 120;

    @Test
    @Timeout(value = CHROMIUM_SECONDS + 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void chromiumLoadsTheReportAndFindsTheChartAndTheTable(@TempDir Path dir) throws IOException {
        Path chromium = RequiredTools.require("chromium");
        Path timeout = RequiredTools.require("timeout");
        TuneResult result = TuneTableSamples.twoArchitectures();
        Path report = dir.resolve("tune report.html");
        TuneHtmlReport.write(report, result);

        // coreutils' timeout kills a hung browser, so that its open pipe cannot keep the reader waiting.
        Processes.Result run = Processes.run(dir, Map.of("HOME", dir.toString()), CHROMIUM_SECONDS + 30, List.of(
                timeout.toString(), "--kill-after=10", Integer.toString(CHROMIUM_SECONDS), chromium.toString(),
                "--headless", "--disable-gpu", "--no-sandbox", "--log-level=3", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", report.toUri().toString()));
        assertEquals(0, run.exitCode(), "chromium failed:\n" + run.output());
        String dom = dom(run.output());

        String svg = between(dom, "<svg", "</svg>");
        assertEquals(TuneTableSamples.plotted(result), count(svg, "<circle class=\"point cost"), svg);
        assertEquals(TuneTableSamples.plotted(result), count(svg, "<rect class=\"point duration"), svg);
        assertEquals(2, count(svg, "<path class=\"point infeasible\""), svg);
        for (SizeResult s : result.sizes()) {
            assertEquals(1, count(svg, "class=\"point " + (TuneChart.plotted(s) ? "cost" : "infeasible")
                    + "[^\"]*\" data-memory=\"" + s.memoryMb() + "\" data-architecture=\"" + s.architecture() + "\""),
                    s.toString());
        }
        assertTrue(svg.contains(">memory (MB)</text>") && svg.contains(">cost per million, arm64</text>"), svg);
        assertEquals(1, count(svg, "<path class=\"series cost\" stroke=\"#[0-9a-f]+\" d=\"M[0-9. ]+(L[0-9. ]+){4}\""),
                "x86_64's five feasible sizes joined by one line:\n" + svg);

        String rows = between(dom, "<tbody>", "</tbody>");
        assertEquals(result.sizes().size(), count(rows, "<tr "), rows);
        assertEquals(1, count(rows, "<tr class=\"ok recommended\" data-memory=\"512\" data-architecture=\"arm64\""),
                rows);
        assertTrue(rows.contains("infeasible: out of memory (Runtime.OutOfMemory)"), rows);

        assertFalse(dom.contains("<script"), "the function's name stays text:\n" + dom);
        assertTrue(dom.contains("<title>lamb tune: hello&lt;script&gt;alert('x')&lt;/script&gt;&amp;co</title>"), dom);
    }

    /** The serialised DOM; chromium's diagnostics share the stream. */
    private static String dom(String output) {
        int start = output.indexOf("<html");
        int end = output.lastIndexOf("</html>");
        assertTrue(start >= 0 && end > start, "chromium printed no DOM:\n" + output);
        return output.substring(start, end + "</html>".length());
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open);
        int end = text.indexOf(close, start);
        assertTrue(start >= 0 && end > start, open + " ... " + close + " not in\n" + text);
        return text.substring(start, end + close.length());
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }
}
