package dev.lamb.tune;

import java.time.Instant;
import java.util.List;

import dev.lamb.lambda.ReportLine;

/**
 * The raw numbers of one tuning version: its cold start apart, the warm invocations' REPORT lines, the
 * other cold starts (invocations that landed on a new instance when several ran at once), the
 * failures (Lambda's error type, or "timeout") of invocations that did not succeed, and the HTTP status
 * of every answer that was an API Gateway proxy response.
 */
record Measured(int memoryMb, String architecture, String version, ReportLine cold, List<ReportLine> warm,
        List<ReportLine> otherColdStarts, List<String> failures, List<Integer> statuses, boolean refined, Instant from,
        Instant to) {
    /** Every invocation made: the cold start, the warm ones, the other cold starts and the failures. */
    int invocations() {
        return (cold != null ? 1 : 0) + warm.size() + otherColdStarts.size() + failures.size();
    }
}
