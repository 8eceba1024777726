package dev.lamb.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.lamb.lambda.ReportLine;
import dev.lamb.logs.ReportLines;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** The REPORT lines of a window, through lamb's one REPORT reader, each with the version whose instance wrote it. */
final class WindowReports {
    /** REPORT lines read at most per target: enough for a rate and a p99, and a bound on a long window's pages. */
    static final int MAX_LINES = 20_000;

    /** One REPORT line, and its version (from its stream's name, YYYY/MM/DD/[VERSION]id; null when the name says none). */
    record Reported(String version, ReportLine line) {}

    private WindowReports() {}

    /** The lines of {@code group} from {@code window}, oldest first; none when the group does not exist (the function never ran). */
    static List<Reported> read(CloudWatchLogsClient logs, String group, MetricsWindow window, Consumer<String> notice) {
        List<Reported> lines = new ArrayList<>();
        try {
            new ReportLines(logs, notice).read(group, window.from().toEpochMilli(), window.until().toEpochMilli() - 1, r -> {
                lines.add(new Reported(r.version().orElse(null), r.report()));
                return lines.size() < MAX_LINES;
            });
        } catch (ResourceNotFoundException e) {
            return List.of();
        }
        if (lines.size() >= MAX_LINES) {
            notice.accept("lamb: REPORT figures from the window's first " + MAX_LINES + " lines of " + group);
        }
        return lines;
    }
}
