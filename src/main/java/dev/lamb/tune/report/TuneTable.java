package dev.lamb.tune.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.lamb.tune.ErrorAnswers;
import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * The table `lamb tune` prints: one aligned row per size measured, the recommended row marked {@code >}, the
 * current configuration {@code *}, sizes added by the refinement {@code +}. It also holds the number formats
 * that the chart and the HTML report share, so that every view shows a size with the same digits.
 */
public final class TuneTable {
    private static final String[] HEADER = {"", "memory", "arch", "invocations", "median ms", "p95 ms",
        "billed ms ± CI", "USD/invocation", "USD/1M", "max used", "init ms", "status"};
    private static final boolean[] RIGHT = {false, true, false, true, true, true, true, true, true, true, true, false};
    private static final String GAP = "  ";

    private TuneTable() {}

    public static String render(TuneResult result) {
        return render(result, Ansi.OFF);
    }

    /** The table with a legend for the marks that appear; colour only when {@code ansi} is enabled. */
    public static String render(TuneResult result, Ansi ansi) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (SizeResult size : result.sizes()) {
            rows.add(cells(size, result));
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length - 1; c++) {
                line.append(pad(row[c], widths[c], RIGHT[c])).append(c == 0 ? " " : GAP);
            }
            String status = row[row.length - 1];
            if (r == 0) {
                out.append(paint(line + status, ansi, Style.faint)).append('\n');
                continue;
            }
            SizeResult size = result.sizes().get(r - 1);
            String styledLine = line + paint(status, ansi, statusStyle(size));
            out.append(same(size, result.recommended()) ? paint(styledLine, ansi, Style.bold) : styledLine).append('\n');
        }
        String legend = legend(result);
        if (!legend.isEmpty()) {
            out.append(paint(legend, ansi, Style.faint)).append('\n');
        }
        ErrorAnswers errors = ErrorAnswers.total(result.sizes().stream().map(SizeResult::errorAnswers)
                .filter(Objects::nonNull).toList());
        if (errors != null) {
            out.append(paint(errors.line() + ": the event takes the function's error path, not the request users are served "
                    + "(tune.event in lamb.toml, --event, --payload or --query set it)", ansi, Style.fg_yellow)).append('\n');
        }
        return out.toString();
    }

    private static String[] cells(SizeResult s, TuneResult result) {
        boolean measured = s.verdict() != SizeResult.Verdict.INFEASIBLE;
        return new String[] {
            marks(s, result),
            memory(s),
            s.architecture(),
            Integer.toString(s.invocations()),
            measured ? ms(s.medianMs()) : "-",
            measured ? ms(s.p95Ms()) : "-",
            measured ? billed(s) : "-",
            measured ? usd(s.costPerInvocation()) : "-",
            measured ? perMillion(s.costPerMillion()) : "-",
            memoryUsed(s),
            s.initMs() == null ? "-" : ms(s.initMs()),
            status(s),
        };
    }

    private static String legend(TuneResult result) {
        List<String> parts = new ArrayList<>();
        if (result.recommended() != null) {
            parts.add("> recommended");
        }
        if (result.current() != null) {
            parts.add("* current configuration");
        }
        if (result.sizes().stream().anyMatch(SizeResult::refined)) {
            parts.add("+ added by the search around the best size");
        }
        return String.join("   ", parts);
    }

    /** ">" for the recommended size, "*" for the current one, both when the function is already right. */
    static String marks(SizeResult s, TuneResult result) {
        return (same(s, result.recommended()) ? ">" : " ") + (same(s, result.current()) ? "*" : " ");
    }

    /** "512 MB", with "+" when the refinement added the size. */
    static String memory(SizeResult s) {
        return s.memoryMb() + " MB" + (s.refined() ? "+" : " ");
    }

    static boolean same(SizeResult a, SizeResult b) {
        return a != null && b != null && a.memoryMb() == b.memoryMb() && a.architecture().equals(b.architecture());
    }

    static String status(SizeResult s) {
        String word = s.verdict().name().toLowerCase(Locale.ROOT) + (s.errorAnswers() == null ? ""
                : " (" + s.errorAnswers().status() + " answers)");
        String reason = s.reason() == null ? "" : s.reason().strip();
        return reason.isEmpty() || s.verdict() == SizeResult.Verdict.OK ? word : word + ": " + oneLine(reason);
    }

    /** A reason can be a function's error message: keep it on one line so it cannot break the layout. */
    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    static String ms(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "-";
    }

    static String billed(SizeResult s) {
        if (!Double.isFinite(s.billedMeanMs())) {
            return "-";
        }
        return ms(s.billedMeanMs()) + (Double.isFinite(s.billedCiMs()) ? " ± " + ms(s.billedCiMs()) : "");
    }

    /** Four significant digits, never in exponent form: a warm invocation costs about 0.0000002 USD. */
    static String usd(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(4)).toPlainString();
    }

    /** Cost per million invocations: more decimals for the small sums that small functions cost. */
    static String perMillion(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        int decimals = value < 1 ? 4 : value < 100 ? 3 : 2;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String memoryUsed(SizeResult s) {
        if (s.maxMemoryUsedMb() <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%d MB (%d%%)", s.maxMemoryUsedMb(),
                Math.round(100.0 * s.maxMemoryUsedMb() / s.memoryMb()));
    }

    private static Style statusStyle(SizeResult s) {
        return switch (s.verdict()) {
            case OK -> Style.fg_green;
            case RISKY -> Style.fg_yellow;
            case INFEASIBLE -> Style.fg_red;
        };
    }

    /**
     * Styles by escape codes, not picocli's markup: a reason is the function's own text and may hold the
     * markup's delimiters. Bold ends with SGR 22 (normal intensity), not picocli's SGR 21, which many
     * terminals draw as a double underline.
     */
    static String paint(String text, Ansi ansi, Style style) {
        if (!ansi.enabled()) {
            return text;
        }
        return style.on() + text + (style == Style.bold ? Style.faint.off() : style.off());
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(width - text.length());
        return right ? fill + text : text + fill;
    }
}
