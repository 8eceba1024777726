package dev.lamb.tune.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.lamb.tune.PriceTable;
import dev.lamb.tune.ProvisionedCost;
import dev.lamb.tune.TuneResult;

/**
 * `lamb tune --provisioned`'s second table: each size's cost per million with provisioned concurrency at full use,
 * next to on-demand, the share of use above which provisioned is the cheaper, and what one instance costs an hour.
 */
final class ProvisionedTable {
    private static final String[] HEADER = {"memory", "arch", "on-demand USD/1M", "provisioned USD/1M", "break-even use",
        "USD/hour an instance"};

    private ProvisionedTable() {}

    /** The table with its title, or "" when provisioned prices were not asked for. */
    static String render(TuneResult result) {
        if (result.provisioned().isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ProvisionedCost p : result.provisioned()) {
            rows.add(new String[] {p.memoryMb() + " MB", p.architecture(), TuneTable.perMillion(p.onDemandPerMillion()),
                TuneTable.perMillion(p.perMillionAtFullUse()),
                p.breakEvenUse() == null ? "never" : String.format(Locale.ROOT, "%.0f%%", 100 * p.breakEvenUse()),
                TuneTable.usd(p.instancePerHour())});
        }
        int[] widths = new int[HEADER.length];
        rows.forEach(row -> {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        });
        StringBuilder out = new StringBuilder("with provisioned concurrency (" + PriceTable.SOURCE + "; at full use, the "
                + "instances busy all the time; below the break-even use, on-demand is cheaper):\n");
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String fill = " ".repeat(widths[c] - row[c].length());
                line.append(c < 2 ? row[c] + fill : fill + row[c]).append(c == row.length - 1 ? "" : "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
