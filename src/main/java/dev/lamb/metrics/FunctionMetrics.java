package dev.lamb.metrics;

import java.util.List;

/**
 * One target's window: the figures, their series, what the REPORT lines add, the split by version (empty without
 * --by version), lamb's alarms (null when they could not be read) and what needs attention. {@code reportVersions}
 * names the versions whose REPORT lines count (those the stage's alias serves; empty: every version's). Async and
 * provisioned figures are in use when the project configures them or CloudWatch has a non-zero sample of them.
 */
public record FunctionMetrics(String function, String stage, String resource, String apiName, Deployed deployed, Figures figures,
        List<Series> series, ReportFigures report, List<String> reportVersions, List<VersionMetrics> versions,
        List<AlarmStatus> alarms, List<Flag> flags, boolean asyncInUse, boolean provisionedInUse) {}
