package dev.lamb.logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.lamb.aws.AwsClients;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * `lamb logs` without the command line: which groups to read, a window read once, or a follow that lasts
 * until stopped. The only door to the SDK for the command, which names no SDK type; the errors no read
 * rides out are thrown as they are, and translated where they reach the command line.
 */
public final class LogsReader {
    /** How often polling reads, how far back each poll re-reads, and when a Live Tail session is renewed. */
    record Settings(long pollIntervalMillis, long overlapMillis, Duration renewAfter) {
        static final Settings DEFAULT = new Settings(1_000, 10_000, LiveTailFollower.RENEW_AFTER);
    }

    private final AwsClients aws;
    private final Consumer<String> notice;
    private final Settings settings;

    public LogsReader(AwsClients aws, Consumer<String> notice) {
        this(aws, notice, Settings.DEFAULT);
    }

    LogsReader(AwsClients aws, Consumer<String> notice, Settings settings) {
        this.aws = aws;
        this.notice = notice;
        this.settings = settings;
    }

    /** The group of {@code function}: its LoggingConfig's, else /aws/lambda/NAME; {@code fallbackGroup} if not deployed. */
    public LogGroupRef group(String function, String fallbackGroup) {
        return LogGroups.forFunction(aws, function, fallbackGroup);
    }

    /**
     * The events of the window, every page, oldest first, several groups merged. A group that does not
     * exist is read as empty, and returned.
     */
    public List<LogGroupRef> read(List<LogGroupRef> groups, LogQuery query, Consumer<LogEvent> sink) {
        Calls calls = new Calls(RateLimiter.SHARED, new StopSignal(), false, notice);
        Backfill backfill = new Backfill(aws.logs(), calls);
        List<LogEvent> merged = new ArrayList<>();
        List<LogGroupRef> missing = new ArrayList<>();
        for (LogGroupRef group : groups) {
            try {
                backfill.read(group, query, query.sinceMillis(), query.untilMillis(), groups.size() == 1 ? sink : merged::add);
            } catch (SdkException e) {
                if (!Calls.notFound(e)) {
                    throw e;
                }
                missing.add(group);
            }
        }
        merged.sort(Comparator.comparingLong(LogEvent::timestamp));
        merged.forEach(sink);
        return missing;
    }

    /**
     * Follows every group, each on its own thread, until {@code stop}; Live Tail first unless {@code poll}.
     * An error no follower can ride out (no permission, a bad filter pattern) stops them all and is thrown.
     */
    public void follow(List<LogGroupRef> groups, LogQuery query, boolean poll, Consumer<LogEvent> sink, StopSignal stop) {
        Calls calls = new Calls(RateLimiter.SHARED, stop, true, notice);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (LogGroupRef group : groups) {
            Thread t = new Thread(() -> {
                try {
                    new GroupFollow(aws, calls, settings, group, query, sink).run(poll);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop.stop();
                }
            }, "lamb-logs-" + group.function());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.stop();
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
