package dev.lamb.tune;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.lambda.ReportLine;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * The sweep seen from CloudWatch Logs: the REPORT lines its versions wrote in the function's log group
 * during the run (Lambda names each stream YYYY/MM/DD/[VERSION]id), counted against the samples taken
 * from the log tails, in one line. Lines can reach CloudWatch seconds late, so fewer is said, not failed.
 */
final class SweepLogs {
    private static final Pattern VERSION = Pattern.compile("/\\[([^\\]]+)\\]");

    private SweepLogs() {}

    /** The version whose instance wrote to {@code stream}: Lambda names a stream YYYY/MM/DD/[VERSION]id. */
    static Optional<String> versionOf(String stream) {
        Matcher version = VERSION.matcher(stream == null ? "" : stream);
        return version.find() ? Optional.of(version.group(1)) : Optional.empty();
    }

    static void crossCheck(CloudWatchLogsClient logs, String group, Instant from, Instant to, List<Measured> measured,
            Consumer<String> progress) {
        Map<String, Integer> sampled = new HashMap<>();
        for (Measured m : measured) {
            sampled.merge(m.version(), m.invocations(), Integer::sum);
        }
        Map<String, Integer> found = new HashMap<>();
        try {
            for (FilteredLogEvent e : logs.filterLogEventsPaginator(r -> r.logGroupName(group).startTime(from.toEpochMilli())
                    .endTime(to.toEpochMilli() + 1000).filterPattern("?\"REPORT RequestId\" ?\"platform.report\"")).events()) {
                Optional<String> version = versionOf(e.logStreamName()).filter(sampled::containsKey);
                if (version.isPresent() && ReportLine.parse(e.message()).isPresent()) {
                    found.merge(version.get(), 1, Integer::sum);
                }
            }
        } catch (SdkException e) {
            progress.accept("tune: CloudWatch Logs not read (" + e.getMessage().lines().findFirst().orElse("") + "): "
                    + "the samples are the log tails' REPORT lines alone");
            return;
        }
        int expected = sampled.values().stream().mapToInt(Integer::intValue).sum();
        int seen = found.values().stream().mapToInt(Integer::intValue).sum();
        progress.accept(seen >= expected
                ? "tune: CloudWatch Logs has the REPORT line of every invocation measured (" + seen + ")"
                : "tune: CloudWatch Logs has " + seen + " of the " + expected + " REPORT lines of the invocations measured "
                        + "(lines can arrive there seconds late)");
    }
}
