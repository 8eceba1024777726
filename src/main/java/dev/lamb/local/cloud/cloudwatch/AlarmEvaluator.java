package dev.lamb.local.cloud.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.cloudwatch.MetricAlarm.AlarmStatus;

/**
 * Evaluates a region's alarms as time passes, as CloudWatch does every minute: each alarm's last
 * EvaluationPeriods periods, up to and with the period now running (so a burst counts at once), are read from the
 * metric store and judged ({@link AlarmRule}); a change of state is stored with its history items. The minute is
 * scaled by the local cloud's delay scale (`lamb local start --async-delay-scale`), so tests wait a fraction of a second;
 * the periods themselves are real time, as the datapoints' timestamps are. The thread starts with the first alarm.
 */
final class AlarmEvaluator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often CloudWatch evaluates an alarm whose period is a minute or more. */
    static final Duration INTERVAL = Duration.ofMinutes(1);

    /** An alarm's datapoints: per period start in [start, end), its metric's value (or its metric math's ReturnData series). */
    @FunctionalInterface
    interface Datapoints {
        Map<Instant, Double> of(AlarmDefinition alarm, Instant start, Instant end);
    }

    private final AlarmStore store;
    private final Datapoints datapoints;
    private final Supplier<Instant> clock;
    private final long intervalMillis;
    private final Consumer<String> log;
    private ScheduledExecutorService thread;
    private boolean closed;

    AlarmEvaluator(AlarmStore store, Datapoints datapoints, Supplier<Instant> clock, double scale, Consumer<String> log) {
        this.store = store;
        this.datapoints = datapoints;
        this.clock = clock;
        this.intervalMillis = Math.max(1, Math.round(INTERVAL.toMillis() * scale));
        this.log = log;
    }

    /** Starts the evaluations, once: called as an alarm is stored (and at start when the store holds some). */
    synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lamb-alarms");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::evaluateQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.accept("lamb local cloud: could not evaluate the CloudWatch alarms: " + e);
        }
    }

    /** One evaluation of every alarm, at the clock's now; one that cannot be evaluated does not keep the others from it. */
    void evaluate() {
        Instant now = clock.get();
        for (MetricAlarm alarm : store.all()) {
            try {
                evaluate(alarm, now);
            } catch (RuntimeException e) {
                unevaluable(alarm, now, e);
            }
        }
    }

    /**
     * An alarm whose datapoints cannot be had (its metric math fails on the data it meets) has no data to judge: it is
     * INSUFFICIENT_DATA, with why as its StateReason, as DescribeAlarms then shows; said once, as it changes.
     */
    private void unevaluable(MetricAlarm alarm, Instant now, RuntimeException e) {
        String why = e instanceof AwsServiceException && e.getMessage() != null ? e.getMessage() : e.toString();
        String reason = "Unable to evaluate the alarm: " + why;
        AlarmStatus status = alarm.status();
        if (status.value() == StateValue.INSUFFICIENT_DATA && reason.equals(status.reason())) {
            return;
        }
        log.accept("lamb local cloud: could not evaluate the CloudWatch alarm " + alarm.name() + ": " + why);
        AlarmStatus next = status.next(StateValue.INSUFFICIENT_DATA, reason, null, now);
        store.update(alarm.name(), a -> a.withStatus(next), AlarmHistory.stateChanged(alarm, status, next));
    }

    private void evaluate(MetricAlarm alarm, Instant now) {
        AlarmDefinition d = alarm.definition();
        AlarmRule rule = d.rule();
        long period = d.period() * 1000L;
        long end = Math.floorDiv(now.toEpochMilli(), period) * period + period;
        List<Instant> periods = new ArrayList<>();
        for (int i = rule.evaluationPeriods(); i > 0; i--) {
            periods.add(Instant.ofEpochMilli(end - i * period));
        }
        Map<Instant, Double> values = datapoints.of(d, periods.get(0), Instant.ofEpochMilli(end));
        Optional<AlarmRule.Verdict> verdict = rule.judge(periods, values, alarm.status().value());
        if (verdict.isEmpty() || verdict.get().state() == alarm.status().value()) {
            return;
        }
        AlarmRule.Verdict v = verdict.get();
        String reasonData = reasonData(d, rule, periods.get(0), now, v).toString();
        AlarmStatus next = alarm.status().next(v.state(), v.reason(), reasonData, now);
        store.update(alarm.name(), a -> a.withStatus(next), AlarmHistory.stateChanged(alarm, alarm.status(), next));
    }

    /** StateReasonData as CloudWatch writes it for a threshold alarm. */
    private static ObjectNode reasonData(AlarmDefinition d, AlarmRule rule, Instant start, Instant now, AlarmRule.Verdict v) {
        ObjectNode data = JSON.createObjectNode().put("version", "1.0").put("queryDate", AlarmJson.TEXT_TIME.format(now))
                .put("startDate", AlarmJson.TEXT_TIME.format(start));
        if (d.metric() != null) {
            data.put(d.metric().stat().isPercentile() ? "extendedStatistic" : "statistic", d.metric().stat().name());
        }
        data.put("period", d.period());
        v.evaluated().forEach(p -> data.withArray("recentDatapoints").add(p.value()));
        data.put("threshold", rule.threshold());
        v.evaluated().forEach(p -> data.withArray("evaluatedDatapoints").addObject()
                .put("timestamp", AlarmJson.TEXT_TIME.format(p.timestamp())).put("value", p.value()));
        return data;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
