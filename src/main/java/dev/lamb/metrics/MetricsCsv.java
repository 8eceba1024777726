package dev.lamb.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.lamb.ui.Csv;

/**
 * `lamb metrics --output csv`: the series, one record per target, version and period: the function, the stage (empty
 * for a whole function), the version (empty for all of them), the period's start, then a column per figure.
 */
public final class MetricsCsv {
    private MetricsCsv() {}

    public static String render(MetricsReport report) {
        List<Measure> columns = new ArrayList<>(Measure.lambda());
        if (report.functions().stream().anyMatch(f -> f.apiName() != null)) {
            columns.addAll(Measure.api());
        }
        StringBuilder out = new StringBuilder(Csv.line(Stream.concat(Stream.of("function", "stage", "version", "period_start"),
                columns.stream().map(Measure::id))));
        for (FunctionMetrics f : report.functions()) {
            rows(out, report, f, "", f.series(), columns);
            for (VersionMetrics v : f.versions()) {
                rows(out, report, f, v.version(), v.series(), columns);
            }
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, MetricsReport report, FunctionMetrics f, String version, List<Series> series,
            List<Measure> columns) {
        for (int i = 0; i < report.periodStarts().size(); i++) {
            int period = i;
            Stream<String> values = columns.stream().map(m -> series.stream().filter(s -> s.name().equals(m.id())).findFirst()
                    .map(s -> s.values().get(period)).map(Csv::number).orElse(""));
            out.append(Csv.line(Stream.concat(Stream.of(f.function(), f.stage() == null ? "" : f.stage(), version,
                    report.periodStarts().get(i)), values)));
        }
    }
}
