package dev.lamb.aws;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK's retries, unchanged, except that the first retry of a throttled call says so, once per run:
 * the standard backoff can keep a throttled command silent for ~20 s, which looks like a hang.
 */
final class ThrottleNotice implements RetryStrategy {
    private final RetryStrategy retries;
    private final Consumer<String> notice;
    private final AtomicBoolean told = new AtomicBoolean();

    ThrottleNotice(RetryStrategy retries, Consumer<String> notice) {
        this.retries = retries;
        this.notice = notice;
    }

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        return retries.acquireInitialToken(request);
    }

    /** Throws when the SDK gives up; returns when it retries, which is when the notice is true. */
    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        RefreshRetryTokenResponse retrying = retries.refreshRetryToken(request);
        if (request.failure() instanceof AwsServiceException e && Throttling.isThrottle(e) && told.compareAndSet(false, true)) {
            String service = e.awsErrorDetails() == null ? "AWS" : e.awsErrorDetails().serviceName();
            String code = e.awsErrorDetails() == null ? "status " + e.statusCode() : e.awsErrorDetails().errorCode();
            notice.accept("AWS is throttling lamb's calls (" + service + " " + code + "); retrying with backoff, "
                    + "up to " + (retries.maxAttempts() - 1) + " times a call");
        }
        return retrying;
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        return retries.recordSuccess(request);
    }

    @Override
    public int maxAttempts() {
        return retries.maxAttempts();
    }

    /** The wrapped strategy is already AWS's standard one: the client adds nothing to it. */
    @Override
    public boolean useClientDefaults() {
        return false;
    }

    @Override
    public Builder<?, ?> toBuilder() {
        return retries.toBuilder();
    }
}
