package dev.lamb.audit;

import java.util.List;

/**
 * What lamb audit checked and found: the function (deployed or not), the region, where the local project was checked
 * (null for --function), the findings, most severe first, the AWS calls the reads made, and what could not be checked
 * (the package when it cannot be read: a line each).
 */
public record AuditReport(String function, String region, boolean deployed, String project, List<Finding> findings, int awsCalls,
                          List<String> notChecked) {
    public AuditReport(String function, String region, boolean deployed, String project, List<Finding> findings, int awsCalls) {
        this(function, region, deployed, project, findings, awsCalls, List.of());
    }

    /** Whether any finding reaches {@code threshold}: lamb audit then exits 1. */
    public boolean fails(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().reaches(threshold));
    }
}
