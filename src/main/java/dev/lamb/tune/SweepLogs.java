package dev.lamb.tune;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.lamb.logs.ReportLines;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The sweep seen from CloudWatch Logs: the REPORT lines its versions wrote in the function's log group
 * during the run (Lambda names each stream YYYY/MM/DD/[VERSION]id), counted against the samples taken
 * from the log tails, in one line. Lines can reach CloudWatch seconds late, so fewer is said, not failed.
 */
final class SweepLogs {
    private SweepLogs() {}

    static void crossCheck(CloudWatchLogsClient logs, String group, Instant from, Instant to, List<Measured> measured,
            Consumer<String> progress) {
        Map<String, Integer> sampled = new HashMap<>();
        for (Measured m : measured) {
            sampled.merge(m.version(), m.invocations(), Integer::sum);
        }
        Map<String, Integer> found = new HashMap<>();
        try {
            new ReportLines(logs, progress).read(group, from.toEpochMilli(), to.toEpochMilli() + 1000, line -> {
                line.version().filter(sampled::containsKey).ifPresent(version -> found.merge(version, 1, Integer::sum));
                return true;
            });
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
