package dev.lamb.logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import dev.lamb.aws.Backoff;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionStart;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionUpdate;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseHandler;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseStream;

/**
 * Follows a group with CloudWatch Logs Live Tail (StartLiveTail on the SDK's async client): events about
 * a second after they are written, no polling quota spent. Live Tail has no history and no event ids,
 * so each session is joined to what came before by a FilterLogEvents read: from --since for the first,
 * from shortly before the previous session last spoke for later ones. Live events that arrive during
 * that read wait, then all go through the caller's dedup, so the seam neither loses nor repeats.
 * <p>
 * A session is renewed before Live Tail's three-hour limit (the new one starts before the old one is
 * closed), and any end that lamb did not ask for, an error or a plain completion of the stream (which is
 * how the SDK reports a dropped connection), or a session gone silent, is followed by a reconnect with
 * jittered backoff. When Live Tail is refused at the start (a limit, no permission, an endpoint without
 * it) {@link Refused} says where polling should take over.
 */
final class LiveTailFollower {
    static final Duration RENEW_AFTER = Duration.ofMinutes(170);
    /** Live Tail sends an update every second: this long without one, the session is taken for dead. */
    private static final long SILENCE_MILLIS = 15_000;
    /** How far before the last sign of life a gap is re-read: events can be ingested a while after their timestamp. */
    static final long GAP_SLACK_MILLIS = 10_000;
    private static final long START_TIMEOUT_MILLIS = 20_000;
    private static final int FAILURES_BEFORE_POLLING = 5;

    /** Live Tail is not to be had: polling should take over, reading from {@code resumeFrom}. */
    static final class Refused extends RuntimeException {
        final long resumeFrom;

        Refused(String reason, long resumeFrom, Throwable cause) {
            super(reason, cause);
            this.resumeFrom = resumeFrom;
        }
    }

    private final CloudWatchLogsAsyncClient client;
    private final Backfill backfill;
    private final StopSignal stop;
    private final LogGroupRef group;
    private final LogQuery query;
    private final Consumer<LogEvent> deliver;
    private final Consumer<String> notice;
    private final Duration renewAfter;
    private final AtomicBoolean saidSampled = new AtomicBoolean();
    private boolean saidReconnecting;

    /** {@code deliver} gets every event, some more than once; it is the caller's to drop those already printed. */
    LiveTailFollower(CloudWatchLogsAsyncClient client, Backfill backfill, StopSignal stop, LogGroupRef group, LogQuery query,
            Consumer<LogEvent> deliver, Consumer<String> notice, Duration renewAfter) {
        this.client = client;
        this.backfill = backfill;
        this.stop = stop;
        this.group = group;
        this.query = query;
        this.deliver = deliver;
        this.notice = notice;
        this.renewAfter = renewAfter;
    }

    void run(long from) {
        Backoff backoff = new Backoff(500, 15_000);
        boolean everStarted = false;
        long fillFrom = from;
        Session previous = null;
        while (!stop.stopped()) {
            Session session = new Session();
            Throwable failure = session.open();
            if (stop.stopped()) {
                session.close();
                break;
            }
            if (failure != null) {
                session.close();
                if (previous != null && !previous.ended.isDone()) {
                    // A renewal that failed: the old session still runs; try again a little later.
                    previous = awaitRenewalRetry(previous, backoff);
                    continue;
                }
                if (!everStarted || backoff.failures() + 1 >= FAILURES_BEFORE_POLLING) {
                    throw new Refused(describe(failure), fillFrom, failure);
                }
                if (stop.await(backoff.next())) {
                    break;
                }
                continue;
            }
            everStarted = true;
            if (previous != null) {
                previous.close();
            }
            backfill.read(group, query, fillFrom, null, deliver);
            session.release();
            boolean renew = session.awaitEndOrRenewal();
            if (stop.stopped()) {
                session.close();
                break;
            }
            fillFrom = session.lastAlive - GAP_SLACK_MILLIS;
            if (renew) {
                previous = session;
                continue;
            }
            previous = null;
            session.close();
            if (!saidReconnecting) {
                saidReconnecting = true;
                notice.accept("the Live Tail session of " + group.name() + " ended; reconnecting (and re-reading the gap)");
            }
            if (System.currentTimeMillis() - session.startedAt < 5_000) {
                if (stop.await(backoff.next())) {
                    break;
                }
            } else {
                backoff.reset();
            }
        }
        if (previous != null) {
            previous.close();
        }
    }

    /** Waits out a backoff while the old session runs; returns it, or null when it ended meanwhile. */
    private Session awaitRenewalRetry(Session previous, Backoff backoff) {
        stop.await(backoff.next());
        return previous.ended.isDone() ? null : previous;
    }

    private static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null) {
            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** One StartLiveTail stream: its events wait until {@link #release()} (the seam), then flow straight on. */
    private final class Session implements Subscriber<StartLiveTailResponseStream> {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile long lastAlive = System.currentTimeMillis();
        volatile long startedAt = System.currentTimeMillis();
        private final List<LogEvent> pending = new ArrayList<>();
        private boolean released;
        private volatile Subscription subscription;
        private volatile boolean closed;
        private CompletableFuture<Void> call;

        /** Starts the session and waits for its sessionStart; null once started, else why it did not. */
        Throwable open() {
            StartLiveTailRequest.Builder request = StartLiveTailRequest.builder()
                    .logGroupIdentifiers(group.arn() == null || group.arn().isEmpty() ? group.name() : group.arn());
            if (query.filter() != null) {
                request.logEventFilterPattern(query.filter());
            }
            if (query.streamPrefix() != null) {
                request.logStreamNamePrefixes(query.streamPrefix());
            }
            StartLiveTailResponseHandler handler = StartLiveTailResponseHandler.builder()
                    .onEventStream(publisher -> publisher.subscribe(this))
                    .onError(this::end)
                    .build();
            try {
                call = client.startLiveTail(request.build(), handler);
            } catch (RuntimeException e) {
                return e;
            }
            call.whenComplete((ok, error) -> end(error));
            try {
                started.get(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.stop();
                return e;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                return new TimeoutException("no sessionStart within " + START_TIMEOUT_MILLIS / 1000 + " s");
            }
        }

        /** Waits until the session ends (false) or is due for renewal (true), or the follow is stopped. */
        boolean awaitEndOrRenewal() {
            long renewAt = startedAt + renewAfter.toMillis();
            while (!stop.stopped()) {
                long now = System.currentTimeMillis();
                if (now >= renewAt) {
                    return true;
                }
                if (now - lastAlive > SILENCE_MILLIS) {
                    return false;
                }
                try {
                    ended.get(Math.min(1_000, renewAt - now), TimeUnit.MILLISECONDS);
                    return false;
                } catch (TimeoutException e) {
                    // still running
                } catch (ExecutionException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.stop();
                }
            }
            return false;
        }

        void release() {
            synchronized (pending) {
                pending.forEach(deliver);
                pending.clear();
                released = true;
            }
        }

        void close() {
            closed = true;
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (call != null) {
                call.cancel(true);
            }
            end(null);
        }

        private void end(Throwable error) {
            if (error != null && !started.isDone()) {
                started.completeExceptionally(error);
            } else if (!started.isDone()) {
                started.completeExceptionally(new IllegalStateException("the session ended before it started"));
            }
            ended.complete(null);
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(StartLiveTailResponseStream item) {
            lastAlive = System.currentTimeMillis();
            if (item instanceof LiveTailSessionStart) {
                startedAt = lastAlive;
                started.complete(null);
            } else if (item instanceof LiveTailSessionUpdate update && !closed) {
                if (update.sessionMetadata() != null && Boolean.TRUE.equals(update.sessionMetadata().sampled())
                        && saidSampled.compareAndSet(false, true)) {
                    notice.accept("Live Tail is sampling " + group.name() + " (over 500 events a second): some lines are "
                            + "not shown; narrow it with --filter or --stream, or run without --follow for all of them");
                }
                for (LiveTailSessionLogEvent e : update.sessionResults()) {
                    LogEvent event = new LogEvent(group.function(), group.name(), e.logStreamName(),
                            e.timestamp() == null ? 0 : e.timestamp(), e.ingestionTime(), e.message(), null);
                    synchronized (pending) {
                        if (released) {
                            deliver.accept(event);
                        } else {
                            pending.add(event);
                        }
                    }
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            end(t);
        }

        @Override
        public void onComplete() {
            end(null);
        }
    }
}
