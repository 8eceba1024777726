package dev.lamb.tune.report;

import dev.lamb.tune.TuneResult;
import picocli.CommandLine.Help.Ansi;

/**
 * What `lamb tune` prints as text: the table, the mix of events, the provisioned prices, the chart,
 * the recommendation, and how many invocations took how long.
 */
public final class TuneText {
    private TuneText() {}

    public static String render(TuneResult result, Ansi ansi) {
        String mix = result.mixLine().isEmpty() ? "" : result.mixLine() + "\n";
        String provisioned = ProvisionedTable.render(result);
        return String.format("%s%s%n%s%s%n%s%n%d invocations in %.1f s%n", TuneTable.render(result, ansi), mix,
                provisioned.isEmpty() ? "" : provisioned + "\n",
                TuneChart.render(result, ansi, TuneChart.DEFAULT_WIDTH), result.recommendation(), result.invocations(),
                result.wallSeconds());
    }
}
