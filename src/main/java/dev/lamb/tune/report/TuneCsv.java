package dev.lamb.tune.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;

/**
 * `lamb tune --output csv`: a header and one record per size, for spreadsheets and scripts. Fields are
 * quoted as RFC 4180 says; records end with a bare line feed, as Unix tools expect (RFC 4180 readers accept
 * it). Numbers are written in full precision and never in exponent form, so that they parse back to the
 * very values measured; a value that was not measured is an empty field.
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
        return fields.map(TuneCsv::field).collect(Collectors.joining(",", "", "\n"));
    }

    /** RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
    static String field(String value) {
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The shortest decimal that parses back to the same double, in plain notation. */
    static String number(double value) {
        return Double.isFinite(value) ? new BigDecimal(Double.toString(value)).toPlainString() : "";
    }
}
