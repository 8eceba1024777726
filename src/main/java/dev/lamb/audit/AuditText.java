package dev.lamb.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** lamb audit's report for people: a summary line, then each finding with where it is, what is wrong and the fix. */
public final class AuditText {
    private AuditText() {}

    public static String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.function()).append(" in ").append(report.region()).append(": ");
        if (!report.deployed()) {
            out.append("not deployed, so only the local project was checked; ");
        }
        out.append(summary(report)).append(" (").append(report.awsCalls()).append(" AWS reads)\n");
        report.notChecked().forEach(line -> out.append(line).append('\n'));
        for (Finding f : report.findings()) {
            out.append('\n').append(String.format("%-8s %s  %s%n", f.severity().name(), f.rule(), f.resource()));
            out.append("  ").append(f.what()).append('\n');
            out.append("  fix: ").append(f.fix()).append('\n');
        }
        return out.toString();
    }

    /** "no findings", or "3 findings: 1 high, 2 low". */
    static String summary(AuditReport report) {
        int n = report.findings().size();
        if (n == 0) {
            return "no findings";
        }
        String counts = Arrays.stream(Severity.values()).sorted((a, b) -> b.compareTo(a))
                .map(s -> new Object[] {s, report.findings().stream().filter(f -> f.severity() == s).count()})
                .filter(c -> (long) c[1] > 0).map(c -> c[1] + " " + c[0].toString().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return n + (n == 1 ? " finding: " : " findings: ") + counts;
    }
}
