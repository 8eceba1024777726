package dev.lamb.tune;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.stats.Stats;
import dev.lamb.traces.TraceReader;
import dev.lamb.traces.TraceSummary;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The sweep seen from X-Ray: each size's traces (those that started while it was measured, sizes being
 * measured one after the other), with the median of its Invocation and Overhead phases and its cold
 * starts' Initialization, a line per size. With tracing off, or no access, one line says so.
 */
final class SweepTraces {
    private SweepTraces() {}

    static void crossCheck(AwsClients aws, String function, Instant from, Instant to, List<Measured> measured,
            Consumer<String> progress) {
        List<TraceSummary> traces;
        try {
            TraceReader reader = new TraceReader(aws, function);
            if (!TraceReader.active(reader.tracingMode())) {
                progress.accept("tune: X-Ray tracing is off for " + function + ": no traces to set beside the samples");
                return;
            }
            Instant end = to.plusSeconds(2);
            traces = reader.report("", Duration.between(from, end), 10_000, Clock.fixed(end, ZoneOffset.UTC), notice -> {}).traces();
        } catch (SdkException | LambException e) {
            String why = AwsErrors.translated(e).getMessage();
            progress.accept("tune: X-Ray not read (" + String.valueOf(why).lines().findFirst().orElse("") + ")");
            return;
        }
        for (Measured m : measured) {
            List<TraceSummary> ofSize = traces.stream()
                    .filter(t -> !t.startInstant().isBefore(m.from()) && !t.startInstant().isAfter(m.to())).toList();
            if (ofSize.isEmpty()) {
                progress.accept("tune: X-Ray " + m.memoryMb() + " MB " + m.architecture() + ": no traces yet");
                continue;
            }
            progress.accept(String.format(Locale.ROOT, "tune: X-Ray %d MB %s: %d traces, init %s, invocation %s, overhead %s (medians)",
                    m.memoryMb(), m.architecture(), ofSize.size(), ms(ofSize.stream().map(TraceSummary::initMs).toList()),
                    ms(ofSize.stream().map(TraceSummary::invocationMs).toList()),
                    ms(ofSize.stream().map(TraceSummary::overheadMs).toList())));
        }
    }

    private static String ms(List<Double> values) {
        List<Double> known = values.stream().filter(Objects::nonNull).toList();
        return known.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f ms", Stats.of(known).median());
    }
}
