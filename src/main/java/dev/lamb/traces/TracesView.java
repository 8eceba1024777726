package dev.lamb.traces;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.lamb.ui.TerminalSafe;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * The text of lamb traces: one aligned row per trace (local time, duration, cold or warm, the Lambda
 * phases, status, trace id, errors), the summary line, and one trace's tree. Names and error messages
 * come from the traced code, so control characters in them are shown escaped, never sent to the terminal.
 */
public final class TracesView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final String ROW = "%-18s  %11s  %-5s %11s  %11s  %11s  %-10s  %s";

    private TracesView() {}

    public static String header() {
        return String.format(Locale.ROOT, ROW, "TIME", "DURATION", "START", "INIT", "INVOCATION", "OVERHEAD", "STATUS", "TRACE")
                .stripTrailing();
    }

    public static String row(TraceSummary t, ZoneId zone, Ansi ansi) {
        String status = (t.httpStatus() == null ? "" : t.httpStatus() + " ") + t.status();
        String line = String.format(Locale.ROOT, ROW, TIME.format(t.startInstant().atZone(zone)), ms(t.durationMs()),
                t.cold() ? "cold" : "warm", ms(t.initMs()), ms(t.invocationMs()), ms(t.overheadMs()), status, t.id());
        if (ansi.enabled()) {
            // Painted after padding, so the escape codes do not upset the columns.
            line = line.replaceFirst(" cold ", " " + paint("cold", ansi, Style.fg_yellow) + " ");
            if (t.failed()) {
                line = line.replace(status, paint(status, ansi, Style.fg_red));
            }
        }
        return t.errors().isEmpty() ? line
                : line + "  " + paint(TerminalSafe.escape(String.join("; ", t.errors())), ansi, Style.fg_red);
    }

    public static String summaryLine(TracesStats s) {
        if (s.traces() == 0) {
            return "no traces";
        }
        StringBuilder line = new StringBuilder();
        line.append(s.traces()).append(s.traces() == 1 ? " trace: " : " traces: ").append(s.cold()).append(" cold, ")
                .append(s.warm()).append(" warm, ").append(s.failed()).append(" failed");
        line.append("; duration p50 ").append(ms(s.durationP50Ms())).append(", p95 ").append(ms(s.durationP95Ms()));
        if (s.initP50Ms() == null) {
            line.append("; init: no cold starts");
        } else {
            line.append("; init p50 ").append(ms(s.initP50Ms())).append(", p95 ").append(ms(s.initP95Ms()));
        }
        return line.toString();
    }

    /** The whole report: rows, oldest first, then the summary line. */
    public static String render(TracesReport report, ZoneId zone, Ansi ansi) {
        if (report.traces().isEmpty()) {
            return "no traces of " + report.function() + " in the last " + report.since()
                    + " (X-Ray shows a trace a few seconds after its invocation)\n";
        }
        StringBuilder out = new StringBuilder(header()).append('\n');
        report.traces().forEach(t -> out.append(row(t, zone, ansi)).append('\n'));
        return out.append(summaryLine(report.summary())).append('\n').toString();
    }

    /** One trace as an indented tree: name (origin), start offset, duration, status, errors. */
    public static String tree(TraceTree tree, ZoneId zone, Ansi ansi) {
        List<String[]> rows = new ArrayList<>();
        tree.segments().forEach(node -> rows(node, 0, rows));
        int width = "SEGMENT".length();
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        StringBuilder out = new StringBuilder();
        out.append("trace ").append(tree.traceId()).append(", ")
                .append(TIME.format(Instant.parse(tree.time()).atZone(zone))).append(", ").append(ms(tree.durationMs()))
                .append('\n');
        String format = "%-" + width + "s  %11s  %11s  %s";
        out.append(String.format(Locale.ROOT, format, "SEGMENT", "START", "DURATION", "STATUS").stripTrailing()).append('\n');
        for (String[] r : rows) {
            String status = r[3].equals(TraceSummary.OK) || r[3].endsWith(" ok") ? r[3] : paint(r[3], ansi, Style.fg_red);
            String line = String.format(Locale.ROOT, format, r[0], r[1], r[2], status).stripTrailing();
            out.append(r[4].isEmpty() ? line : line + "  " + paint(r[4], ansi, Style.fg_red)).append('\n');
        }
        return out.toString();
    }

    private static void rows(TraceTree.Node node, int depth, List<String[]> rows) {
        String name = "  ".repeat(depth) + TerminalSafe.escape(node.name())
                + (node.origin() == null ? "" : " (" + TerminalSafe.escape(node.origin()) + ")");
        String status = (node.httpStatus() == null ? "" : node.httpStatus() + " ") + node.status();
        rows.add(new String[] {name, "+" + ms(node.startMs()), node.durationMs() == null ? "in progress" : ms(node.durationMs()),
            status, TerminalSafe.escape(String.join("; ", node.errors()))});
        node.children().forEach(child -> rows(child, depth + 1, rows));
    }

    static String ms(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static String paint(String text, Ansi ansi, Style style) {
        return ansi.enabled() ? style.on() + text + style.off() : text;
    }
}
