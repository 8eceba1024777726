package dev.lamb.logs;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.lamb.aws.Backoff;
import dev.lamb.aws.Throttling;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The CloudWatch Logs reads of a run (`lamb logs`, and tune's REPORT lines), under the shared rate limit,
 * riding out what the SDK's own retries did not: throttling and server or network errors back off with
 * jitter and try again. A follow (persistent) never gives up on them; a one-off read gives up after a few
 * rounds with the last error.
 */
final class Calls {
    private static final int ONE_OFF_ATTEMPTS = 4;

    /** Thrown out of a call when the follow was stopped while it waited. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final RateLimiter limiter;
    private final StopSignal stop;
    private final boolean persistent;
    private final Consumer<String> notice;
    private final AtomicBoolean saidThrottled = new AtomicBoolean();

    Calls(RateLimiter limiter, StopSignal stop, boolean persistent, Consumer<String> notice) {
        this.limiter = limiter;
        this.stop = stop;
        this.persistent = persistent;
        this.notice = notice;
    }

    StopSignal stop() {
        return stop;
    }

    boolean persistent() {
        return persistent;
    }

    Consumer<String> notice() {
        return notice;
    }

    <T> T call(Supplier<T> request) {
        Backoff backoff = new Backoff(1_000, 20_000);
        while (true) {
            if (!limiter.acquire(stop)) {
                throw new Stopped();
            }
            try {
                return request.get();
            } catch (SdkException e) {
                if (!retryable(e) || (!persistent && backoff.failures() + 1 >= ONE_OFF_ATTEMPTS)) {
                    throw e;
                }
                if (Throttling.isThrottle(e) && saidThrottled.compareAndSet(false, true)) {
                    notice.accept("CloudWatch Logs is throttling the reads: backing off and carrying on");
                }
                if (stop.await(backoff.next())) {
                    throw new Stopped();
                }
            }
        }
    }

    static boolean notFound(SdkException e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && "ResourceNotFoundException".equals(s.awsErrorDetails().errorCode());
    }

    /** Throttling, a 5xx, or no answer at all (a network error): worth another try later. */
    static boolean retryable(SdkException e) {
        if (e instanceof AwsServiceException s) {
            return Throttling.isThrottle(e) || s.statusCode() >= 500;
        }
        return true;
    }
}
