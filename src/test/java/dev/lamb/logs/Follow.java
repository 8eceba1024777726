package dev.lamb.logs;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.lamb.aws.AwsClients;

/** A follow running on its own thread until {@link #close()}, keeping what it printed and what it said. */
final class Follow implements AutoCloseable {
    final List<LogEvent> events = new ArrayList<>();
    final List<String> notices = new ArrayList<>();
    private final StopSignal stop = new StopSignal();
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Follow(AwsClients aws, LogsReader.Settings settings, List<LogGroupRef> groups, LogQuery query, boolean poll) {
        LogsReader reader = new LogsReader(aws, line -> {
            synchronized (notices) {
                notices.add(line);
            }
        }, settings);
        thread = new Thread(() -> {
            try {
                reader.follow(groups, query, poll, e -> {
                    synchronized (events) {
                        events.add(e);
                    }
                }, stop);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-follow");
        thread.start();
    }

    static Follow start(AwsClients aws, String group, long since, boolean poll) {
        return start(aws, LogsReader.Settings.DEFAULT, group, since, poll);
    }

    static Follow start(AwsClients aws, LogsReader.Settings settings, String group, long since, boolean poll) {
        return new Follow(aws, settings, List.of(new LogGroupRef("fn", group, null)), new LogQuery(since, null, null, null), poll);
    }

    List<String> messages() {
        synchronized (events) {
            return events.stream().map(LogEvent::message).toList();
        }
    }

    List<String> notices() {
        synchronized (notices) {
            return new ArrayList<>(notices);
        }
    }

    /** Waits until the messages printed satisfy {@code done}; fails with what was printed after {@code timeout}. */
    void await(Predicate<List<String>> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failure.get() != null) {
                throw new AssertionError("the follow failed", failure.get());
            }
            if (done.test(messages())) {
                return;
            }
            sleep(100);
        }
        fail(what + " within " + timeout.toSeconds() + " s; printed " + messages().size() + ": " + messages()
                + "\nnotices: " + notices());
    }

    void awaitAll(List<String> expected, Duration timeout) {
        await(m -> m.containsAll(expected), timeout, "not all of " + expected.size() + " events printed");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop.stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("the follow did not stop within 10 s of its stop signal");
        }
        if (failure.get() != null) {
            throw new AssertionError("the follow failed", failure.get());
        }
    }
}
