package dev.lamb.tune;

import java.util.List;

import dev.lamb.local.runtime.ReportLine;

/**
 * The raw numbers of one tuning version: its cold start apart, the warm invocations' REPORT lines,
 * and the failures (Lambda's error type, or "timeout") of invocations that did not succeed.
 */
record Measured(int memoryMb, String architecture, String version, ReportLine cold, List<ReportLine> warm,
        List<String> failures, boolean refined) {}
