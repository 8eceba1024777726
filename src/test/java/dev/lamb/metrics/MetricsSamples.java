package dev.lamb.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.lamb.lambda.ReportLine;

/** Reports built by hand, as the reader would from CloudWatch's answer, for the renderers' and flags' tests. */
final class MetricsSamples {
    static final List<String> STARTS = List.of("2026-12-07T09:00:00Z", "2026-12-07T09:01:00Z", "2026-12-07T09:02:00Z");

    private MetricsSamples() {}

    static Figures figures(double invocations, double errors, double throttles, Double p99, Double concurrency) {
        Map<Measure, Double> m = new EnumMap<>(Measure.class);
        for (Measure measure : Measure.lambda()) {
            m.put(measure, measure.sum() ? 0.0 : null);
        }
        m.put(Measure.INVOCATIONS, invocations);
        m.put(Measure.ERRORS, errors);
        m.put(Measure.THROTTLES, throttles);
        m.put(Measure.DURATION_P50, p99 == null ? null : p99 / 4);
        m.put(Measure.DURATION_P95, p99 == null ? null : p99 / 2);
        m.put(Measure.DURATION_P99, p99);
        m.put(Measure.DURATION_MAX, p99 == null ? null : p99 * 1.5);
        m.put(Measure.CONCURRENCY_MAX, concurrency);
        return Figures.of(m, 180);
    }

    static ReportLine report(String id, double ms, int used, Double init) {
        return new ReportLine(id, ms, (long) Math.ceil(ms), 128, used, init, "success", null);
    }

    static List<Series> series(Figures figures) {
        return series(figures, Measure.lambda());
    }

    static List<Series> series(Figures figures, List<Measure> measures) {
        List<Series> out = new ArrayList<>();
        for (Measure m : measures) {
            Double v = figures.get(m);
            out.add(new Series(m.id(), m.stat(), m.sum() ? List.of(0.0, v == null ? 0.0 : v, 0.0)
                    : Arrays.asList(null, v, null)));
        }
        return out;
    }

    /** Shop at stage prod: 100 invocations, 3 errors, 1 throttle, p99 2.5 s of a 3 s timeout, 9 of 10 reserved. */
    static MetricsReport busy() {
        Figures figures = figures(100, 3, 1, 2500.0, 9.0);
        Deployed deployed = new Deployed("7", 3, 128, 10);
        ReportFigures report = ReportFigures.of(List.of(report("a", 2000, 120, 300.0), report("b", 10, 60, null)), false);
        Figures v6 = figures(40, 0, 0, 20.0, null);
        VersionMetrics six = new VersionMetrics("6", v6, series(v6, Measure.BY_VERSION), ReportFigures.of(List.of(), false), List.of());
        FunctionMetrics f = new FunctionMetrics("shop", "prod", "shop:prod", null, deployed, figures, series(figures), report,
                List.of("7"), List.of(six), List.of(new AlarmStatus("lamb-shop-prod-error_rate", "ALARM", "2026-12-07T09:01:30Z",
                        "Threshold Crossed")), Flag.of(figures, deployed, report), false, false);
        return new MetricsReport(STARTS.get(0), "2026-12-07T09:03:00Z", 60, STARTS, List.of(f),
                new MetricsReport.Calls(1, 5, 0, Map.of("CloudWatch.GetMetricData", 1, "Lambda.GetFunction", 1)), List.of());
    }

    /** A quiet function with no traffic at all, no alarms, no reserved concurrency. */
    static MetricsReport quiet() {
        Figures figures = figures(0, 0, 0, null, null);
        FunctionMetrics f = new FunctionMetrics("calm", null, null, null, new Deployed("$LATEST", 3, 128, null), figures,
                series(figures), ReportFigures.of(List.of(), false), List.of(), List.of(), List.of(),
                Flag.of(figures, null, null), false, false);
        return new MetricsReport(STARTS.get(0), "2026-12-07T09:03:00Z", 60, STARTS, List.of(f),
                new MetricsReport.Calls(1, 3, 0, Collections.emptyMap()), List.of());
    }
}
