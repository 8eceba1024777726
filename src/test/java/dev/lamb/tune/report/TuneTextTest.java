package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.TuneResult;
import picocli.CommandLine.Help.Ansi;

class TuneTextTest {
    @Test
    void theTableThenTheChartThenTheRecommendationThenTheCount() {
        TuneResult result = TuneTableSamples.twoArchitectures();
        assertEquals(TuneTable.render(result, Ansi.OFF) + "\n" + TuneChart.render(result, Ansi.OFF, TuneChart.DEFAULT_WIDTH) + "\n"
                + result.recommendation() + "\n" + result.invocations() + " invocations in "
                + String.format("%.1f", result.wallSeconds()) + " s\n", TuneText.render(result, Ansi.OFF));
    }
}
