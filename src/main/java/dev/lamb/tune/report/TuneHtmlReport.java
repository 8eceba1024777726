package dev.lamb.tune.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;

/**
 * `lamb tune --report FILE.html`: one self-contained page (inline CSS, an inline SVG chart, no script and
 * nothing fetched from the network) with the run, the recommendation, a chart of cost per million and
 * median duration against memory, and the table. The markup is also well-formed XML, so that any parser
 * can read it back. Every string that comes from the user or the function is escaped.
 */
public final class TuneHtmlReport {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] PALETTE = {"#2563eb", "#ea580c", "#16a34a", "#9333ea"};

    private static final int WIDTH = 760;
    private static final int LEFT = 84;
    private static final int RIGHT = WIDTH - 84;
    private static final int TOP = 36;
    private static final int BOTTOM = 320;
    private static final int LEGEND_TOP = 378;
    private static final int LEGEND_ROW = 22;

    private static final String CSS = """
            :root { color-scheme: light; }
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937;
              margin: 0 auto; padding: 24px; max-width: 1280px; }
            h1 { font-size: 1.5em; margin: 0 0 8px; }
            h1 .function { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            h2 { font-size: 1.1em; margin: 28px 0 8px; }
            dl.run { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; color: #4b5563; }
            dl.run div { display: flex; gap: 6px; }
            dl.run dt { font-weight: 600; }
            dl.run dd { margin: 0; }
            p.recommendation { font-size: 1.1em; padding: 12px 16px; background: #ecfdf5; border-left: 4px solid #16a34a; }
            p.recommendation.none { background: #fef2f2; border-left-color: #dc2626; }
            figure { margin: 0; }
            svg { width: 100%; max-width: 760px; height: auto; font-size: 12px; }
            svg .axis { stroke: #374151; stroke-width: 1; }
            svg .grid { stroke: #e5e7eb; stroke-width: 1; }
            svg .series { fill: none; stroke-width: 2; }
            svg .series.duration { stroke-dasharray: 6 4; }
            svg .point.duration { fill: #fff; stroke-width: 2; }
            svg .point.risky { fill: #fff; stroke-width: 2; stroke-dasharray: 2 1.5; }
            svg .point.infeasible { stroke: #dc2626; stroke-width: 2.5; fill: none; }
            svg .ring { fill: none; stroke: #111827; stroke-width: 1.5; }
            svg .ring.current { stroke-dasharray: 3 2; }
            svg .note { font-size: 11px; fill: #111827; }
            svg .title { font-weight: 600; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { padding: 4px 6px; border-bottom: 1px solid #e5e7eb; text-align: left; white-space: nowrap; }
            th { background: #f9fafb; white-space: normal; vertical-align: bottom; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.status { white-space: normal; min-width: 16em; }
            tr.recommended { background: #ecfdf5; font-weight: 600; }
            tr.infeasible td { color: #991b1b; }
            tr.risky td.status { color: #92400e; }
            .badge { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 8px; font-size: 11px;
              font-weight: 600; background: #e5e7eb; color: #1f2937; }
            .badge.recommended { background: #16a34a; color: #fff; }
            footer { margin-top: 32px; color: #6b7280; font-size: 13px; }
            """;

    private TuneHtmlReport() {}

    /** Writes the page to {@code file} atomically: a reader never sees half a report, nor a failed run's. */
    public static void write(Path file, TuneResult result) throws IOException {
        byte[] page = render(result, Instant.now()).getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            Files.write(temp, page, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The page for a run, dated {@code at}. */
    public static String render(TuneResult result, Instant at) {
        String function = Objects.toString(result.function(), "");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>lamb tune: ").append(escape(function)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        html.append("<header>\n<h1>lamb tune: <span class=\"function\">").append(escape(function))
                .append("</span></h1>\n<dl class=\"run\">\n");
        item(html, "region", escape(Objects.toString(result.region(), "-")));
        item(html, "optimised for", escape(Objects.toString(result.optimize(), "-")));
        item(html, "date", "<time datetime=\"" + at.truncatedTo(ChronoUnit.SECONDS) + "\">"
                + DATE.format(at) + "</time>");
        item(html, "invocations", Integer.toString(result.invocations()));
        item(html, "wall time", String.format(Locale.ROOT, "%.1f s", result.wallSeconds()));
        html.append("</dl>\n</header>\n<main>\n");

        html.append("<section id=\"recommendation\">\n<h2>Recommendation</h2>\n");
        String recommendation = Objects.toString(result.recommendation(), "").strip();
        if (result.recommended() == null) {
            html.append("<p class=\"recommendation none\">").append(escape(recommendation.isEmpty()
                    ? "No size can be recommended: every size failed or used nearly all of its memory."
                    : recommendation)).append("</p>\n");
        } else {
            html.append("<p class=\"recommendation\">").append(escape(recommendation.isEmpty()
                    ? "Set " + result.recommended().memoryMb() + " MB on " + result.recommended().architecture() + "."
                    : recommendation)).append("</p>\n");
        }
        html.append("</section>\n");

        html.append("<section id=\"chart\">\n<h2>Cost and duration against memory</h2>\n<figure>\n");
        chart(html, result);
        html.append("<figcaption>Cost per million invocations (solid lines, left axis) and median duration "
                + "(dashed lines, right axis) at each memory size, on a logarithmic memory axis.</figcaption>\n")
                .append("</figure>\n</section>\n");

        html.append("<section id=\"sizes\">\n<h2>Every size measured</h2>\n");
        table(html, result);
        html.append("</section>\n</main>\n<footer>Written by lamb tune on ").append(DATE.format(at))
                .append(". Durations in milliseconds, costs in US dollars; billed duration is a trimmed mean with "
                        + "its 95% confidence interval.</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void item(StringBuilder html, String term, String definitionHtml) {
        html.append("<div><dt>").append(term).append("</dt><dd>").append(definitionHtml).append("</dd></div>\n");
    }

    private static void chart(StringBuilder svg, TuneResult result) {
        List<SizeResult> sizes = result.sizes();
        List<String> archs = new ArrayList<>(new LinkedHashSet<>(sizes.stream().map(SizeResult::architecture).toList()));
        boolean anyInfeasible = sizes.stream().anyMatch(s -> !TuneChart.plotted(s));
        int legendRows = archs.size() + 1;
        int height = LEGEND_TOP + legendRows * LEGEND_ROW;
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"chart-title\">\n")
                .append("<title id=\"chart-title\">Cost per million invocations and median duration against memory"
                        + "</title>\n");

        TreeSet<Integer> memories = new TreeSet<>(sizes.stream().map(SizeResult::memoryMb).toList());
        double lo = Math.log(memories.isEmpty() ? 128 : memories.first());
        double hi = Math.log(memories.isEmpty() ? 1024 : memories.last());
        if (hi - lo < Math.log(2)) {
            double mid = (hi + lo) / 2;
            lo = mid - Math.log(2) / 2;
            hi = mid + Math.log(2) / 2;
        }
        double padding = (hi - lo) * 0.06;
        double xLo = lo - padding;
        double xHi = hi + padding;
        DoubleUnaryOperator x = mb -> LEFT + (Math.log(mb) - xLo) / (xHi - xLo) * (RIGHT - LEFT);

        Axis cost = Axis.of(max(sizes, SizeResult::costPerMillion));
        Axis ms = Axis.of(max(sizes, SizeResult::medianMs));
        DoubleUnaryOperator yCost = v -> BOTTOM - v / cost.top() * (BOTTOM - TOP);
        DoubleUnaryOperator yMs = v -> BOTTOM - v / ms.top() * (BOTTOM - TOP);

        svg.append("<g class=\"axes\">\n");
        for (double tick : cost.ticks()) {
            double y = yCost.applyAsDouble(tick);
            svg.append(line("grid", LEFT, y, RIGHT, y));
            svg.append(text(LEFT - 8, y + 4, "end", null, cost.label(tick)));
        }
        for (double tick : ms.ticks()) {
            svg.append(text(RIGHT + 8, yMs.applyAsDouble(tick) + 4, "start", null, ms.label(tick)));
        }
        svg.append(line("axis", LEFT, BOTTOM, RIGHT, BOTTOM))
                .append(line("axis", LEFT, TOP, LEFT, BOTTOM))
                .append(line("axis", RIGHT, TOP, RIGHT, BOTTOM));
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (int mb : memories) {
            double px = x.applyAsDouble(mb);
            svg.append(line("axis", px, BOTTOM, px, BOTTOM + 5));
            if (px - lastLabel >= 40) {
                svg.append(text(px, BOTTOM + 20, "middle", null, Integer.toString(mb)));
                lastLabel = px;
            }
        }
        svg.append(text((LEFT + RIGHT) / 2.0, BOTTOM + 44, "middle", "title", "memory (MB)"));
        svg.append(String.format(Locale.ROOT, "<text class=\"title\" transform=\"translate(%d %d) rotate(-90)\" "
                + "text-anchor=\"middle\">cost per million invocations (USD)</text>\n", 22, (TOP + BOTTOM) / 2));
        svg.append(String.format(Locale.ROOT, "<text class=\"title\" transform=\"translate(%d %d) rotate(90)\" "
                + "text-anchor=\"middle\">median duration (ms)</text>\n", WIDTH - 18, (TOP + BOTTOM) / 2));
        svg.append("</g>\n");

        for (int a = 0; a < archs.size(); a++) {
            String arch = archs.get(a);
            String colour = PALETTE[a % PALETTE.length];
            List<SizeResult> series = sizes.stream().filter(s -> s.architecture().equals(arch))
                    .sorted(Comparator.comparingInt(SizeResult::memoryMb)).toList();
            List<SizeResult> plotted = series.stream().filter(TuneChart::plotted).toList();
            svg.append("<g class=\"architecture\" data-architecture=\"").append(escape(arch)).append("\">\n");
            svg.append(path("series cost", colour, plotted, x, s -> yCost.applyAsDouble(s.costPerMillion())));
            svg.append(path("series duration", colour, plotted, x, s -> yMs.applyAsDouble(s.medianMs())));
            for (SizeResult s : series) {
                double px = x.applyAsDouble(s.memoryMb());
                String data = String.format(Locale.ROOT, " data-memory=\"%d\" data-architecture=\"%s\"",
                        s.memoryMb(), escape(arch));
                if (!TuneChart.plotted(s)) {
                    svg.append(String.format(Locale.ROOT, "<path class=\"point infeasible\"%s d=\"M%.1f %.1fL%.1f %.1f"
                            + "M%.1f %.1fL%.1f %.1f\"><title>%s</title></path>\n", data, px - 5, BOTTOM - 11.0,
                            px + 5, BOTTOM - 1.0, px + 5, BOTTOM - 11.0, px - 5, BOTTOM - 1.0,
                            escape(s.memoryMb() + " MB " + arch + ": " + TuneTable.status(s))));
                    continue;
                }
                String risky = s.verdict() == SizeResult.Verdict.RISKY ? " risky" : "";
                double cy = yCost.applyAsDouble(s.costPerMillion());
                double my = yMs.applyAsDouble(s.medianMs());
                svg.append(String.format(Locale.ROOT, "<circle class=\"point cost%s\"%s cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" "
                        + "fill=\"%s\" stroke=\"%s\"><title>%s</title></circle>\n", risky, data, px, cy, colour, colour,
                        escape(s.memoryMb() + " MB " + arch + ": " + TuneTable.perMillion(s.costPerMillion())
                                + " USD per million invocations, " + TuneTable.status(s))));
                svg.append(String.format(Locale.ROOT, "<rect class=\"point duration%s\"%s x=\"%.1f\" y=\"%.1f\" "
                        + "width=\"8\" height=\"8\" stroke=\"%s\"><title>%s</title></rect>\n", risky, data, px - 4,
                        my - 4, colour, escape(s.memoryMb() + " MB " + arch + ": median " + TuneTable.ms(s.medianMs())
                                + " ms, p95 " + TuneTable.ms(s.p95Ms()) + " ms")));
                List<String> notes = new ArrayList<>();
                if (TuneTable.same(s, result.recommended())) {
                    notes.add("recommended");
                }
                if (TuneTable.same(s, result.current())) {
                    notes.add("current");
                }
                if (!notes.isEmpty()) {
                    String kind = notes.get(0);
                    svg.append(String.format(Locale.ROOT, "<circle class=\"ring %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\"/>\n",
                            kind, px, cy));
                    svg.append(text(px, cy - 14, "middle", "note", String.join(", ", notes)));
                }
            }
            svg.append("</g>\n");
        }
        legend(svg, archs, anyInfeasible, result);
        svg.append("</svg>\n");
    }

    private static void legend(StringBuilder svg, List<String> archs, boolean anyInfeasible, TuneResult result) {
        svg.append("<g class=\"legend\">\n");
        for (int a = 0; a < archs.size(); a++) {
            String colour = PALETTE[a % PALETTE.length];
            double y = LEGEND_TOP + a * LEGEND_ROW;
            svg.append(String.format(Locale.ROOT, "<path class=\"series cost\" stroke=\"%s\" d=\"M%d %.1fH%d\"/>"
                    + "<circle cx=\"%d\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>\n", colour, LEFT, y, LEFT + 36, LEFT + 18,
                    y, colour));
            svg.append(text(LEFT + 44, y + 4, "start", null, "cost per million, " + archs.get(a)));
            svg.append(String.format(Locale.ROOT, "<path class=\"series duration\" stroke=\"%s\" d=\"M%d %.1fH%d\"/>"
                    + "<rect class=\"duration\" x=\"%d\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#fff\" "
                    + "stroke=\"%s\" stroke-width=\"2\"/>\n", colour, LEFT + 300, y, LEFT + 336, LEFT + 314, y - 4,
                    colour));
            svg.append(text(LEFT + 344, y + 4, "start", null, "median duration, " + archs.get(a)));
        }
        double y = LEGEND_TOP + archs.size() * LEGEND_ROW;
        int xAt = LEFT;
        if (result.recommended() != null) {
            svg.append(String.format(Locale.ROOT, "<circle class=\"ring\" cx=\"%d\" cy=\"%.1f\" r=\"7\"/>\n", xAt + 18, y));
            svg.append(text(xAt + 44, y + 4, "start", null, "recommended"));
            xAt += 150;
        }
        if (result.current() != null) {
            svg.append(String.format(Locale.ROOT, "<circle class=\"ring current\" cx=\"%d\" cy=\"%.1f\" r=\"7\"/>\n",
                    xAt + 18, y));
            svg.append(text(xAt + 44, y + 4, "start", null, "current"));
            xAt += 150;
        }
        if (result.sizes().stream().anyMatch(s -> s.verdict() == SizeResult.Verdict.RISKY)) {
            svg.append(String.format(Locale.ROOT, "<circle class=\"risky\" cx=\"%d\" cy=\"%.1f\" r=\"4.5\" fill=\"#fff\" "
                    + "stroke=\"#374151\" stroke-width=\"2\" stroke-dasharray=\"2 1.5\"/>\n", xAt + 18, y));
            svg.append(text(xAt + 44, y + 4, "start", null, "risky"));
            xAt += 150;
        }
        if (anyInfeasible) {
            svg.append(String.format(Locale.ROOT, "<path class=\"infeasible\" stroke=\"#dc2626\" stroke-width=\"2.5\" "
                    + "d=\"M%d %.1fL%d %.1fM%d %.1fL%d %.1f\"/>\n", xAt + 13, y - 5, xAt + 23, y + 5, xAt + 23, y - 5,
                    xAt + 13, y + 5));
            svg.append(text(xAt + 44, y + 4, "start", null, "infeasible"));
        }
        svg.append("</g>\n");
    }

    private static void table(StringBuilder html, TuneResult result) {
        html.append("<div class=\"scroll\">\n<table>\n<thead><tr><th>memory</th><th>architecture</th><th class=\"num\">invocations</th>"
                + "<th class=\"num\">median ms</th><th class=\"num\">p95 ms</th>"
                + "<th class=\"num\">billed ms ± 95% CI</th><th class=\"num\">USD per invocation</th>"
                + "<th class=\"num\">USD per 1M</th><th class=\"num\">max memory used</th>"
                + "<th class=\"num\">init ms</th><th>status</th></tr></thead>\n<tbody>\n");
        for (SizeResult s : result.sizes()) {
            List<String> classes = new ArrayList<>();
            classes.add(s.verdict().name().toLowerCase(Locale.ROOT));
            StringBuilder badges = new StringBuilder();
            if (TuneTable.same(s, result.recommended())) {
                classes.add("recommended");
                badges.append("<span class=\"badge recommended\">recommended</span>");
            }
            if (TuneTable.same(s, result.current())) {
                classes.add("current");
                badges.append("<span class=\"badge\">current</span>");
            }
            if (s.refined()) {
                classes.add("refined");
                badges.append("<span class=\"badge\">refined</span>");
            }
            boolean measured = s.verdict() != SizeResult.Verdict.INFEASIBLE;
            html.append("<tr class=\"").append(String.join(" ", classes)).append("\" data-memory=\"").append(s.memoryMb())
                    .append("\" data-architecture=\"").append(escape(s.architecture())).append("\">")
                    .append("<td>").append(s.memoryMb()).append(" MB").append(badges).append("</td>")
                    .append("<td>").append(escape(s.architecture())).append("</td>");
            cell(html, Integer.toString(s.invocations()));
            cell(html, measured ? TuneTable.ms(s.medianMs()) : "-");
            cell(html, measured ? TuneTable.ms(s.p95Ms()) : "-");
            cell(html, measured ? TuneTable.billed(s) : "-");
            cell(html, measured ? TuneTable.usd(s.costPerInvocation()) : "-");
            cell(html, measured ? TuneTable.perMillion(s.costPerMillion()) : "-");
            cell(html, TuneTable.memoryUsed(s));
            cell(html, s.initMs() == null ? "-" : TuneTable.ms(s.initMs()));
            html.append("<td class=\"status\">").append(escape(TuneTable.status(s))).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</div>\n");
    }

    private static void cell(StringBuilder html, String text) {
        html.append("<td class=\"num\">").append(escape(text)).append("</td>");
    }

    private static String path(String cssClass, String colour, List<SizeResult> points, DoubleUnaryOperator x,
            ToDoubleFunction<SizeResult> y) {
        if (points.size() < 2) {
            return "";
        }
        StringBuilder d = new StringBuilder();
        for (SizeResult s : points) {
            d.append(d.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f",
                    x.applyAsDouble(s.memoryMb()), y.applyAsDouble(s)));
        }
        return "<path class=\"" + cssClass + "\" stroke=\"" + colour + "\" d=\"" + d + "\"/>\n";
    }

    private static String line(String cssClass, double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                cssClass, x1, y1, x2, y2);
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return String.format(Locale.ROOT, "<text%s x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n",
                cssClass == null ? "" : " class=\"" + cssClass + "\"", x, y, anchor, escape(content));
    }

    private static double max(List<SizeResult> sizes, ToDoubleFunction<SizeResult> value) {
        return sizes.stream().filter(TuneChart::plotted).mapToDouble(value).max().orElse(0);
    }

    /** Text for an element or a quoted attribute: the five characters that could end either are escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** A value axis from zero to a round top, with ticks at a round step (1, 2 or 5 times a power of ten). */
    private record Axis(double top, double step) {
        static Axis of(double max) {
            if (!(max > 0)) {
                return new Axis(1, 0.2);
            }
            double raw = max / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double r = raw / magnitude;
            double step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
            return new Axis(Math.ceil(max / step - 1e-9) * step, step);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            for (int i = 0; i * step <= top + step / 1000; i++) {
                ticks.add(i * step);
            }
            return ticks;
        }

        String label(double value) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
    }
}
