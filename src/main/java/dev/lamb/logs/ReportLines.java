package dev.lamb.logs;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.lambda.ReportLine;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The one reader of REPORT lines from CloudWatch Logs: FilterLogEvents with the pattern that matches
 * Lambda's REPORT line in both log formats, under the rate limit every Logs read of the run shares, with
 * the retries of a one-off read (throttling, 5xx and network errors back off and try again a few times).
 * Parsing is {@link ReportLine}'s. Other failures (no such group, no permission) are thrown as the SDK's;
 * an interrupt is exit 130.
 */
public final class ReportLines {
    /** Text format ("REPORT RequestId: ...") or JSON format ({"type":"platform.report",...}). */
    static final String FILTER = "?\"REPORT RequestId\" ?\"platform.report\"";
    private static final Pattern VERSION = Pattern.compile("/\\[([^\\]]+)\\]");

    /** One REPORT line and the stream it was written to. */
    public record Reported(String stream, ReportLine report) {
        /** The version whose instance wrote it: Lambda names a stream YYYY/MM/DD/[VERSION]id. */
        public Optional<String> version() {
            return versionOf(stream);
        }
    }

    /** The version whose instance wrote to a stream Lambda named YYYY/MM/DD/[VERSION]id; empty for another name. */
    public static Optional<String> versionOf(String stream) {
        Matcher version = VERSION.matcher(stream == null ? "" : stream);
        return version.find() ? Optional.of(version.group(1)) : Optional.empty();
    }

    private final CloudWatchLogsClient logs;
    private final Consumer<String> notice;

    public ReportLines(CloudWatchLogsClient logs, Consumer<String> notice) {
        this.logs = logs;
        this.notice = notice;
    }

    /**
     * Hands each REPORT line of {@code group} with a timestamp in [fromMillis, untilMillis] (null: no end) to
     * {@code more}, oldest first, until it answers false.
     */
    public void read(String group, long fromMillis, Long untilMillis, Predicate<Reported> more) {
        StopSignal enough = new StopSignal();
        Calls calls = new Calls(RateLimiter.SHARED, enough, false, notice);
        LogQuery query = new LogQuery(fromMillis, untilMillis, FILTER, null);
        try {
            new Backfill(logs, calls).read(new LogGroupRef(null, group, null), query, fromMillis, untilMillis, event -> {
                Optional<ReportLine> report = ReportLine.parse(event.message());
                if (!enough.stopped() && report.isPresent() && !more.test(new Reported(event.stream(), report.get()))) {
                    enough.stop();
                }
            });
        } catch (Calls.Stopped e) {
            // Either the caller had enough (the next page was not asked for), or the thread was interrupted.
            if (Thread.currentThread().isInterrupted()) {
                throw new LambException(ExitCode.INTERRUPTED, "interrupted");
            }
        }
    }
}
