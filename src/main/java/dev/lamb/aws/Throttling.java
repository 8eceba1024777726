package dev.lamb.aws;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * lamb's one list of the errors that mean "too fast, try again later": the SDK's own list
 * ({@link AwsServiceException#isThrottlingException()}: HTTP 429 and the codes it knows, such as
 * SlowDown or ProvisionedThroughputExceededException) plus the codes the services lamb calls answer
 * for it: Lambda's TooManyRequestsException, API Gateway's LimitExceededException and
 * TooManyRequestsException, CloudWatch Logs' ThrottlingException and LimitExceededException (Live
 * Tail's concurrent sessions), X-Ray's ThrottledException. Used to retry (logs), to say so once (the
 * SDK's retries) and for exit code 5 (AwsErrors).
 */
public final class Throttling {
    static final Set<String> CODES = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
            "ThrottledException", "RequestLimitExceeded", "LimitExceededException");

    private Throttling() {}

    /** True when {@code e} is an AWS answer asking the caller to slow down; a network error is not. */
    public static boolean isThrottle(Throwable e) {
        return e instanceof AwsServiceException s && (s.isThrottlingException() || s.statusCode() == 429
                || s.awsErrorDetails() != null && CODES.contains(s.awsErrorDetails().errorCode()));
    }
}
