package dev.lamb.local.cloud.cloudwatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One region's metrics and their datapoints, in memory: metrics are figures of the moment, and a restarted cloud
 * starts with none, as Lambda's own do for functions that have not run since. Datapoints are kept as CloudWatch keeps
 * them, for 455 days, and served at the periods its retention allows for their age: any period for the last 3 hours, a
 * multiple of a minute for 15 days, of 5 minutes for 63 days, of an hour after that; a period finer than that for a
 * datapoint's age finds nothing, as on AWS.
 */
public final class MetricStore {
    static final Duration RETENTION = Duration.ofDays(455);
    private final Map<Metric, Series> metrics = new ConcurrentHashMap<>();
    private final Clock clock;

    public MetricStore(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** Adds a datapoint to its metric, which exists from its first datapoint on. */
    public void put(Metric metric, Datapoint datapoint) {
        Instant oldest = clock.instant().minus(RETENTION);
        metrics.computeIfAbsent(metric, m -> new Series()).add(datapoint, oldest, clock.instant());
    }

    /** The metrics with a datapoint put since {@code since} (ListMetrics lists those of the last two weeks). */
    public List<Metric> metricsPutSince(Instant since) {
        return metrics.entrySet().stream().filter(e -> e.getValue().lastPut().isAfter(since)).map(Map.Entry::getKey).toList();
    }

    /**
     * The metric's datapoints from {@code start} (inclusive) to {@code end} (exclusive), combined per period of
     * {@code periodSeconds}, periods counted from {@link #roundStart}; only periods holding a datapoint, oldest first.
     *
     * @param unit only datapoints put with this unit, or all when null
     */
    public List<Aggregate> aggregates(Metric metric, Instant start, Instant end, int periodSeconds, String unit) {
        Series series = metrics.get(metric);
        if (series == null) {
            return List.of();
        }
        Instant first = roundStart(start, periodSeconds);
        Instant now = clock.instant();
        TreeMap<Instant, Aggregate> periods = new TreeMap<>();
        for (Datapoint d : series.between(first, end)) {
            if (unit != null && !unit.equals(d.unit())) {
                continue;
            }
            long index = Duration.between(first, d.timestamp()).getSeconds() / periodSeconds;
            Instant periodStart = first.plusSeconds(index * periodSeconds);
            if (servedAt(Duration.between(periodStart, now), periodSeconds)) {
                periods.computeIfAbsent(periodStart, Aggregate::new).add(d);
            }
        }
        return List.copyOf(periods.values());
    }

    /**
     * Where periods start, as CloudWatch rounds a query's start time: to a period's multiple within the minute for
     * periods under a minute; to the minute, 5 minutes or the hour as the start is within 15 days, 63 days, or older.
     */
    public Instant roundStart(Instant start, int periodSeconds) {
        long seconds = start.getEpochSecond();
        Duration age = Duration.between(start, clock.instant());
        long unit = periodSeconds < 60 ? periodSeconds
                : age.compareTo(Duration.ofDays(15)) <= 0 ? 60 : age.compareTo(Duration.ofDays(63)) <= 0 ? 300 : 3600;
        return Instant.ofEpochSecond(Math.floorDiv(seconds, unit) * unit);
    }

    /** Whether CloudWatch still serves data of this age at this period (its retention schedule). */
    static boolean servedAt(Duration age, int periodSeconds) {
        if (age.compareTo(Duration.ofHours(3)) <= 0) {
            return true;
        }
        if (age.compareTo(Duration.ofDays(15)) <= 0) {
            return periodSeconds % 60 == 0;
        }
        if (age.compareTo(Duration.ofDays(63)) <= 0) {
            return periodSeconds % 300 == 0;
        }
        return age.compareTo(RETENTION) <= 0 && periodSeconds % 3600 == 0;
    }

    /** One metric's datapoints by time; datapoints older than CloudWatch keeps are dropped as new ones come. */
    private static final class Series {
        private final List<Datapoint> points = new ArrayList<>();
        private Instant lastPut = Instant.EPOCH;

        synchronized void add(Datapoint d, Instant oldest, Instant now) {
            int at = points.size();
            while (at > 0 && points.get(at - 1).timestamp().isAfter(d.timestamp())) {
                at--;
            }
            points.add(at, d);
            while (!points.isEmpty() && points.get(0).timestamp().isBefore(oldest)) {
                points.remove(0);
            }
            lastPut = now;
        }

        synchronized Instant lastPut() {
            return lastPut;
        }

        synchronized List<Datapoint> between(Instant start, Instant end) {
            int from = lowerBound(start);
            List<Datapoint> out = new ArrayList<>();
            for (int i = from; i < points.size() && points.get(i).timestamp().isBefore(end); i++) {
                out.add(points.get(i));
            }
            return out;
        }

        private int lowerBound(Instant t) {
            int lo = 0;
            int hi = points.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (points.get(mid).timestamp().isBefore(t)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
