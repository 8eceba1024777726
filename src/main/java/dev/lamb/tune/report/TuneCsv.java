package dev.lamb.tune.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;
import dev.lamb.ui.Csv;

/**
 * `lamb tune --output csv`: a header and one record per size, for spreadsheets and scripts, written as {@link Csv}
 * writes fields and numbers; a value that was not measured is an empty field.
 */
public final class TuneCsv {
    static final List<String> HEADER = List.of("memory_mb", "architecture", "invocations", "median_ms", "p95_ms",
            "billed_mean_ms", "billed_ci_ms", "cost_per_invocation_usd", "cost_per_million_usd",
            "max_memory_used_mb", "init_ms", "status", "reason", "refined", "recommended", "current");

    /** With --provisioned, after HEADER: each size's provisioned prices (empty for an infeasible size). */
    static final List<String> PROVISIONED = List.of("provisioned_cost_per_million_usd", "provisioned_break_even_use",
            "provisioned_instance_per_hour_usd");

    private TuneCsv() {}

    public static String render(TuneResult result) {
        boolean provisioned = !result.provisioned().isEmpty();
        StringBuilder out = new StringBuilder(line(provisioned ? Stream.concat(HEADER.stream(), PROVISIONED.stream()) : HEADER.stream()));
        for (SizeResult s : result.sizes()) {
            Stream<String> extra = provisioned ? provisioned(result, s) : Stream.empty();
            out.append(line(Stream.concat(Stream.of(
                    Integer.toString(s.memoryMb()),
                    s.architecture(),
                    Integer.toString(s.invocations()),
                    number(s.medianMs()),
                    number(s.p95Ms()),
                    number(s.billedMeanMs()),
                    number(s.billedCiMs()),
                    number(s.costPerInvocation()),
                    number(s.costPerMillion()),
                    Integer.toString(s.maxMemoryUsedMb()),
                    s.initMs() == null ? "" : number(s.initMs()),
                    s.verdict().name().toLowerCase(Locale.ROOT),
                    s.reason() == null ? "" : s.reason(),
                    Boolean.toString(s.refined()),
                    Boolean.toString(TuneTable.same(s, result.recommended())),
                    Boolean.toString(TuneTable.same(s, result.current()))), extra)));
        }
        return out.toString();
    }

    private static Stream<String> provisioned(TuneResult result, SizeResult s) {
        return result.provisioned().stream().filter(p -> p.memoryMb() == s.memoryMb() && p.architecture().equals(s.architecture()))
                .findFirst().map(p -> Stream.of(number(p.perMillionAtFullUse()),
                        p.breakEvenUse() == null ? "never" : number(p.breakEvenUse()), number(p.instancePerHour())))
                .orElse(Stream.of("", "", ""));
    }

    private static String line(Stream<String> fields) {
        return Csv.line(fields);
    }

    private static String number(double value) {
        return Csv.number(value);
    }
}
