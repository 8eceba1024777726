package dev.lamb.traces;

import java.util.List;

/**
 * What lamb traces prints for a window: the traces shown, oldest first, and their summary.
 *
 * @param since the window as given, such as 1h
 * @param from  the window's start, ISO-8601 in UTC
 * @param to    the window's end, ISO-8601 in UTC
 * @param found the traces X-Ray listed in the window; more than shown when --limit cut the oldest
 */
public record TracesReport(String function, String since, String from, String to, int found, List<TraceSummary> traces,
        TracesStats summary) {}
