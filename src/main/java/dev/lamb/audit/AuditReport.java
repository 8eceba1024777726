package dev.lamb.audit;

import java.util.List;

/**
 * What lamb audit checked and found: the function (deployed or not), the region, where the local project was checked
 * (null for --function), the findings, most severe first, and the AWS calls the reads made.
 */
public record AuditReport(String function, String region, boolean deployed, String project, List<Finding> findings, int awsCalls) {
    /** Whether any finding reaches {@code threshold}: lamb audit then exits 1. */
    public boolean fails(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().reaches(threshold));
    }
}
