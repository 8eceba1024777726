package dev.lamb.metrics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.lamb.ui.Sparkline;
import dev.lamb.ui.TerminalSafe;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;

/**
 * The text of lamb metrics: per target a heading, a table of the window's figures with a sparkline of each across the
 * window, what the REPORT lines add, the split by version, lamb's alarms, and the flags; then the calls it took.
 */
public final class MetricsView {
    static final int SPARK_WIDTH = 60;
    private static final String ROW = "  %-26s %-22s %s";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final String VERSION_ROW = "  %-9s %12s %16s %10s %10s %10s %10s %8s";

    private MetricsView() {}

    public static String render(MetricsReport report, ZoneId zone, Ansi ansi) {
        StringBuilder out = new StringBuilder();
        for (FunctionMetrics f : report.functions()) {
            out.append(function(report, f, zone, ansi)).append('\n');
        }
        MetricsReport.Calls calls = report.calls();
        out.append(String.format(Locale.ROOT, "%d AWS calls (%d GetMetricData): %s%n", calls.reads() + calls.writes(),
                calls.metricData(), String.join(", ", calls.byOperation().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).toList())));
        report.notes().forEach(n -> out.append("CloudWatch: ").append(TerminalSafe.escape(n)).append('\n'));
        return out.toString();
    }

    private static String function(MetricsReport report, FunctionMetrics f, ZoneId zone, Ansi ansi) {
        StringBuilder out = new StringBuilder();
        Instant from = Instant.parse(report.from());
        Instant until = Instant.parse(report.until());
        String at = f.stage() == null ? "all versions" : "stage " + f.stage() + " (" + f.resource() + ", version " + f.deployed().version() + ")";
        out.append(paint(f.function(), ansi, Style.bold)).append(", ").append(at).append(": ").append(TIME.format(from.atZone(zone)))
                .append(" to ").append(TIME.format(until.atZone(zone))).append(" (").append(report.periodStarts().size()).append(" periods of ")
                .append(period(report.periodSeconds())).append(")\n");
        out.append(heading("LAMBDA", ansi));
        Figures fig = f.figures();
        row(out, "Invocations", MetricsText.count(fig.get(Measure.INVOCATIONS)), f, Measure.INVOCATIONS);
        row(out, "Throughput", MetricsText.perSecond(fig.throughputPerSecond()), null, null);
        row(out, "Errors", MetricsText.count(fig.get(Measure.ERRORS)) + " (" + MetricsText.percent(fig.errorRatePercent()) + ")", f,
                Measure.ERRORS);
        row(out, "Throttles", MetricsText.count(fig.get(Measure.THROTTLES)), f, Measure.THROTTLES);
        row(out, "Duration p50", MetricsText.ms(fig.get(Measure.DURATION_P50)), f, Measure.DURATION_P50);
        row(out, "Duration p95", MetricsText.ms(fig.get(Measure.DURATION_P95)), f, Measure.DURATION_P95);
        row(out, "Duration p99", MetricsText.ms(fig.get(Measure.DURATION_P99)) + " (timeout " + f.deployed().timeoutSeconds() + " s)", f,
                Measure.DURATION_P99);
        row(out, "Duration max", MetricsText.ms(fig.get(Measure.DURATION_MAX)), f, Measure.DURATION_MAX);
        Integer reserved = f.deployed().reservedConcurrency();
        row(out, "Concurrency max", MetricsText.count(fig.get(Measure.CONCURRENCY_MAX)) + (reserved == null ? "" : " of " + reserved
                + " reserved"), f, Measure.CONCURRENCY_MAX);
        if (f.asyncInUse()) {
            row(out, "Async events received", MetricsText.count(fig.get(Measure.ASYNC_RECEIVED)), f, Measure.ASYNC_RECEIVED);
            row(out, "Async events dropped", MetricsText.count(fig.get(Measure.ASYNC_DROPPED)), f, Measure.ASYNC_DROPPED);
            row(out, "Async event age max", MetricsText.ms(fig.get(Measure.ASYNC_AGE_MAX)), f, Measure.ASYNC_AGE_MAX);
            row(out, "Dead-letter errors", MetricsText.count(fig.get(Measure.DEAD_LETTER_ERRORS)), f, Measure.DEAD_LETTER_ERRORS);
            row(out, "Destination failures", MetricsText.count(fig.get(Measure.DESTINATION_FAILURES)), f, Measure.DESTINATION_FAILURES);
        }
        if (f.provisionedInUse()) {
            row(out, "Provisioned spillover", MetricsText.count(fig.get(Measure.PROVISIONED_SPILLOVER)), f, Measure.PROVISIONED_SPILLOVER);
        }
        if (f.apiName() != null) {
            out.append(heading("API " + f.apiName() + ", stage " + f.stage(), ansi));
            row(out, "Requests", MetricsText.count(fig.get(Measure.API_COUNT)), f, Measure.API_COUNT);
            row(out, "4XX errors", MetricsText.count(fig.get(Measure.API_4XX)), f, Measure.API_4XX);
            row(out, "5XX errors", MetricsText.count(fig.get(Measure.API_5XX)), f, Measure.API_5XX);
            row(out, "Latency p95", MetricsText.ms(fig.get(Measure.API_LATENCY_P95)), f, Measure.API_LATENCY_P95);
            row(out, "Integration latency p95", MetricsText.ms(fig.get(Measure.API_INTEGRATION_LATENCY_P95)), f,
                    Measure.API_INTEGRATION_LATENCY_P95);
        }
        report(out, f.report(), f.reportVersions(), ansi);
        versions(out, f.versions(), ansi);
        alarms(out, f.alarms(), zone, ansi);
        flags(out, f, ansi);
        return out.toString();
    }

    private static void report(StringBuilder out, ReportFigures r, List<String> versions, Ansi ansi) {
        out.append(heading("REPORT LINES (" + r.lines() + (versions.isEmpty() ? "" : ", of version" + (versions.size() == 1 ? " " : "s ")
                + String.join(", ", versions)) + (r.truncated() ? ", the first of the window" : "") + ")", ansi));
        if (r.lines() == 0) {
            out.append("  none in the window\n");
            return;
        }
        row(out, "Cold starts", r.coldStarts() + " (" + MetricsText.percent(100 * r.coldStartRate()) + ")", null, null);
        row(out, "Init p50 / p99", r.initP50Ms() == null ? "-" : MetricsText.ms(r.initP50Ms()) + " / " + MetricsText.ms(r.initP99Ms()),
                null, null);
        row(out, "Memory used max", r.maxMemoryUsedMb() + " of " + r.memorySizeMb() + " MB (" + MetricsText.percent(100 * r.memoryUsedFraction())
                + ")", null, null);
    }

    private static void versions(StringBuilder out, List<VersionMetrics> versions, Ansi ansi) {
        if (versions.isEmpty()) {
            return;
        }
        out.append(heading("BY VERSION", ansi));
        out.append(String.format(Locale.ROOT, VERSION_ROW, "VERSION", "INVOCATIONS", "ERRORS", "P50", "P95", "P99", "MAX", "COLD")
                .stripTrailing()).append('\n');
        for (VersionMetrics v : versions) {
            Figures fig = v.figures();
            out.append(String.format(Locale.ROOT, VERSION_ROW, v.version(), MetricsText.count(fig.get(Measure.INVOCATIONS)),
                    MetricsText.count(fig.get(Measure.ERRORS)) + " (" + MetricsText.percent(fig.errorRatePercent()) + ")",
                    MetricsText.ms(fig.get(Measure.DURATION_P50)), MetricsText.ms(fig.get(Measure.DURATION_P95)),
                    MetricsText.ms(fig.get(Measure.DURATION_P99)), MetricsText.ms(fig.get(Measure.DURATION_MAX)),
                    v.report().lines() == 0 ? "-" : MetricsText.percent(100 * v.report().coldStartRate()))).append('\n');
            v.flags().forEach(flag -> out.append("    ").append(paint("! version " + v.version() + ": " + flag.message(), ansi,
                    Style.fg_yellow)).append('\n'));
        }
    }

    private static void alarms(StringBuilder out, List<AlarmStatus> alarms, ZoneId zone, Ansi ansi) {
        out.append(heading("ALARMS", ansi));
        if (alarms == null) {
            out.append("  could not be read\n");
            return;
        }
        if (alarms.isEmpty()) {
            out.append("  none (deploy sets them up from lamb.toml's [alarms])\n");
            return;
        }
        for (AlarmStatus a : alarms) {
            String state = String.format(Locale.ROOT, "%-17s", a.state());
            Style colour = "ALARM".equals(a.state()) ? Style.fg_red : "OK".equals(a.state()) ? Style.fg_green : Style.fg_yellow;
            out.append(String.format(Locale.ROOT, "  %-40s ", TerminalSafe.escape(a.name()))).append(paint(state, ansi, colour))
                    .append(a.changed() == null ? "" : " since " + TIME.format(Instant.parse(a.changed()).atZone(zone))).append('\n');
        }
    }

    private static void flags(StringBuilder out, FunctionMetrics f, Ansi ansi) {
        out.append(heading("ATTENTION", ansi));
        if (f.flags().isEmpty()) {
            out.append("  nothing needs attention\n");
        }
        f.flags().forEach(flag -> out.append("  ").append(paint("! " + flag.message(), ansi, Style.fg_yellow)).append('\n'));
    }

    private static void row(StringBuilder out, String label, String value, FunctionMetrics f, Measure measure) {
        String spark = "";
        if (f != null) {
            spark = f.series().stream().filter(s -> s.name().equals(measure.id())).findFirst()
                    .map(s -> Sparkline.of(s.values(), SPARK_WIDTH, measure.sum())).orElse("");
        }
        out.append(String.format(Locale.ROOT, ROW, label, value, spark).stripTrailing()).append('\n');
    }

    private static String heading(String text, Ansi ansi) {
        return paint(text, ansi, Style.bold) + "\n";
    }

    static String period(int seconds) {
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String paint(String text, Ansi ansi, Style style) {
        return ansi.enabled() ? style.on() + text + style.off() : text;
    }
}
