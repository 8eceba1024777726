package dev.lamb.tune;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lamb.aws.Releases;
import dev.lamb.logs.ReportLines;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * The share of the function's invocations that started cold over the last day, from its own REPORT
 * lines in CloudWatch Logs (a cold one has an Init Duration): what the cost of a cold start is weighted
 * by, when the user gives no --cold-rate. Only the lines of the versions users are served count: those
 * an alias routes to and the other releases, told apart by the stream name (YYYY/MM/DD/[VERSION]id);
 * never a tuning version's, whose every first invocation is a cold start, so that one tune's own cold
 * starts never change the next one's recommendation. Too few lines, or no access, is said in one line,
 * and the caller falls back to the default.
 */
final class RecentColdStarts {
    static final Duration WINDOW = Duration.ofDays(1);
    /** Fewer REPORT lines than this say little about a rate. */
    static final int ENOUGH = 20;
    /** Enough to estimate a rate; more pages only cost time. */
    static final int MAX_LINES = 5000;

    private RecentColdStarts() {}

    static Optional<Double> rate(LambdaClient lambda, CloudWatchLogsClient logs, String function, String group,
            Consumer<String> progress) {
        long since = Instant.now().minus(WINDOW).toEpochMilli();
        int[] all = {0};
        int[] cold = {0};
        Set<String> served;
        try {
            served = served(lambda, function);
            new ReportLines(logs, progress).read(group, since, null, line -> {
                if (line.version().filter(served::contains).isPresent()) {
                    all[0]++;
                    cold[0] += line.report().cold() ? 1 : 0;
                }
                return all[0] < MAX_LINES;
            });
        } catch (SdkException e) {
            progress.accept("tune: could not read " + group + " for the cold-start rate (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); using the default");
            return Optional.empty();
        }
        String versions = served.isEmpty() ? "none yet" : served.stream().sorted().collect(Collectors.joining(", "));
        if (all[0] < ENOUGH) {
            progress.accept("tune: " + all[0] + " REPORT lines of the versions users are served (" + versions + ") in " + group
                    + " over the last day, too few for a cold-start rate; using the default (--cold-rate sets one)");
            return Optional.empty();
        }
        double rate = (double) cold[0] / all[0];
        progress.accept(String.format(Locale.ROOT, "tune: cold-start rate %.1f%% (%d of %d invocations in %s over the last day, "
                + "of the versions users are served: %s)", rate * 100, cold[0], all[0], group, versions));
        return Optional.of(rate);
    }

    /** The versions an alias routes to and the other releases; $LATEST and tuning versions left out. */
    private static Set<String> served(LambdaClient lambda, String function) {
        Set<String> served = new HashSet<>();
        Set<String> tuning = new HashSet<>();
        for (FunctionConfiguration v : lambda.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions()) {
            if (Releases.isRelease(v)) {
                served.add(v.version());
            } else if (Releases.isTuning(v)) {
                tuning.add(v.version());
            }
        }
        Releases.aliased(lambda, function).stream().filter(v -> !v.equals("$LATEST") && !tuning.contains(v)).forEach(served::add);
        return served;
    }
}
