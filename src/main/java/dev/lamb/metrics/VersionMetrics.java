package dev.lamb.metrics;

import java.util.List;

/** One version's share of the window, as Lambda publishes it by ExecutedVersion, with its own REPORT lines and flags. */
public record VersionMetrics(String version, Figures figures, List<Series> series, ReportFigures report, List<Flag> flags) {}
