package dev.lamb.tune.report;

import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * The terminal chart of `lamb tune`: one row per size measured, memory down the side, and two bar series
 * side by side, cost per million invocations and median duration. Bars start at zero so that their
 * lengths compare honestly, and eighth-block characters give them sub-character resolution. Marks
 * match the table's: {@code >} recommended, {@code *} current, {@code +} refined.
 */
public final class TuneChart {
    /** The width the chart fits when the terminal's is unknown. */
    public static final int DEFAULT_WIDTH = 80;
    private static final int MIN_WIDTH = 60;
    private static final String PANEL_GAP = "   ";
    private static final char FULL = '█';
    /** Index n holds a bar n/8 of a character long. */
    private static final String EIGHTHS = " ▏▎▍▌▋▊▉";
    private static final char RISKY = '░';

    private TuneChart() {}

    public static String render(TuneResult result) {
        return render(result, Ansi.OFF, DEFAULT_WIDTH);
    }

    /**
     * The chart in at most {@code width} columns (at least 60 are used). With colour enabled, cost bars are
     * green, duration bars cyan, and the recommended row bold.
     */
    public static String render(TuneResult result, Ansi ansi, int width) {
        List<SizeResult> sizes = result.sizes();
        StringBuilder out = new StringBuilder();
        out.append("cost and median duration by memory size\n");
        if (sizes.isEmpty()) {
            return out.append("no sizes were measured\n").toString();
        }
        int memoryWidth = sizes.stream().mapToInt(s -> TuneTable.memory(s).length()).max().orElse(0);
        int archWidth = sizes.stream().mapToInt(s -> s.architecture().length()).max().orElse(0);
        int labelWidth = label(sizes.get(0), result, memoryWidth, archWidth).length();
        int costValueWidth = valueWidth(sizes, SizeResult::costPerMillion, TuneTable::perMillion);
        int msValueWidth = valueWidth(sizes, SizeResult::medianMs, TuneTable::ms);
        int panels = Math.max(width, MIN_WIDTH) - labelWidth - 1 - PANEL_GAP.length();
        int costPanel = panels / 2;
        int msPanel = panels - costPanel;
        int costBar = costPanel - costValueWidth - 1;
        int msBar = msPanel - msValueWidth - 1;
        double costMax = max(sizes, SizeResult::costPerMillion);
        double msMax = max(sizes, SizeResult::medianMs);

        out.append(" ".repeat(labelWidth + 1)).append(pad("USD per 1M", costPanel)).append(PANEL_GAP)
                .append("median ms").append('\n');
        String previousArch = sizes.get(0).architecture();
        for (SizeResult s : sizes) {
            if (!s.architecture().equals(previousArch)) {
                out.append('\n');
                previousArch = s.architecture();
            }
            StringBuilder line = new StringBuilder(label(s, result, memoryWidth, archWidth)).append(' ');
            if (!plotted(s)) {
                line.append(TuneTable.paint(fit(TuneTable.status(s), panels + PANEL_GAP.length()), ansi, Style.fg_red));
            } else {
                line.append(bar(s, s.costPerMillion(), costMax, costBar, ansi, Style.fg_green))
                        .append(' ').append(pad(TuneTable.perMillion(s.costPerMillion()), costValueWidth))
                        .append(PANEL_GAP)
                        .append(bar(s, s.medianMs(), msMax, msBar, ansi, Style.fg_cyan))
                        .append(' ').append(TuneTable.ms(s.medianMs()));
            }
            String text = line.toString();
            out.append(TuneTable.same(s, result.recommended()) ? TuneTable.paint(text, ansi, Style.bold) : text)
                    .append('\n');
        }
        out.append(legend(result));
        return out.toString();
    }

    /** An infeasible size, or one with nothing measured, has no bar: its reason stands in the row instead. */
    static boolean plotted(SizeResult s) {
        return s.verdict() != SizeResult.Verdict.INFEASIBLE && Double.isFinite(s.costPerInvocation())
                && Double.isFinite(s.medianMs());
    }

    private static String label(SizeResult s, TuneResult result, int memoryWidth, int archWidth) {
        String memory = TuneTable.memory(s);
        return TuneTable.marks(s, result) + " " + " ".repeat(memoryWidth - memory.length()) + memory + " "
                + pad(s.architecture(), archWidth);
    }

    private static String bar(SizeResult s, double value, double max, int width, Ansi ansi, Style colour) {
        int eighths = max <= 0 ? 0 : (int) Math.round(value / max * width * 8);
        String bar;
        if (s.verdict() == SizeResult.Verdict.RISKY) {
            bar = String.valueOf(RISKY).repeat((eighths + 7) / 8);
        } else {
            bar = String.valueOf(FULL).repeat(eighths / 8) + (eighths % 8 == 0 ? "" : EIGHTHS.charAt(eighths % 8));
        }
        return TuneTable.paint(bar, ansi, colour) + " ".repeat(width - bar.length());
    }

    private static String legend(TuneResult result) {
        StringBuilder legend = new StringBuilder();
        if (result.recommended() != null) {
            legend.append("> recommended  ");
        }
        if (result.current() != null) {
            legend.append("* current  ");
        }
        if (result.sizes().stream().anyMatch(SizeResult::refined)) {
            legend.append("+ refined  ");
        }
        if (result.sizes().stream().anyMatch(s -> s.verdict() == SizeResult.Verdict.RISKY)) {
            legend.append(RISKY).append(" risky");
        }
        String text = legend.toString().strip();
        return text.isEmpty() ? "" : text + "\n";
    }

    private static int valueWidth(List<SizeResult> sizes, ToDoubleFunction<SizeResult> value,
            DoubleFunction<String> format) {
        return sizes.stream().filter(TuneChart::plotted).mapToInt(s -> format.apply(value.applyAsDouble(s)).length())
                .max().orElse(1);
    }

    private static double max(List<SizeResult> sizes, ToDoubleFunction<SizeResult> value) {
        return sizes.stream().filter(TuneChart::plotted).mapToDouble(value).max().orElse(0);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
