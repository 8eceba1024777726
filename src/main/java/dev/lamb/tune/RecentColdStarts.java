package dev.lamb.tune;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import dev.lamb.local.runtime.ReportLine;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * The share of the function's invocations that started cold over the last day, from its own REPORT
 * lines in CloudWatch Logs (a cold one has an Init Duration): what the cost of a cold start is weighted
 * by, when the user gives no --cold-rate. Too few lines, or no access, is said in one line, and the
 * caller falls back to the default.
 */
final class RecentColdStarts {
    static final Duration WINDOW = Duration.ofDays(1);
    /** Fewer REPORT lines than this say little about a rate. */
    static final int ENOUGH = 20;
    /** Enough to estimate a rate; more pages only cost time. */
    static final int MAX_LINES = 5000;

    private RecentColdStarts() {}

    static Optional<Double> rate(CloudWatchLogsClient logs, String group, Consumer<String> progress) {
        long since = Instant.now().minus(WINDOW).toEpochMilli();
        int all = 0;
        int cold = 0;
        try {
            for (FilteredLogEvent e : logs.filterLogEventsPaginator(r -> r.logGroupName(group).startTime(since)
                    .filterPattern("?\"REPORT RequestId\" ?\"platform.report\"")).events()) {
                Optional<ReportLine> report = ReportLine.parse(e.message());
                if (report.isPresent()) {
                    all++;
                    cold += report.get().cold() ? 1 : 0;
                }
                if (all >= MAX_LINES) {
                    break;
                }
            }
        } catch (SdkException e) {
            progress.accept("tune: could not read " + group + " for the cold-start rate (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); using the default");
            return Optional.empty();
        }
        if (all < ENOUGH) {
            progress.accept("tune: " + all + " REPORT lines in " + group + " over the last day, too few for a cold-start rate; "
                    + "using the default (--cold-rate sets one)");
            return Optional.empty();
        }
        double rate = (double) cold / all;
        progress.accept(String.format(java.util.Locale.ROOT, "tune: cold-start rate %.1f%% (%d of %d invocations in %s over the last day)",
                rate * 100, cold, all, group));
        return Optional.of(rate);
    }
}
