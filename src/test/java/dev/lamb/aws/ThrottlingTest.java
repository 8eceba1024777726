package dev.lamb.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.ExitCode;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one throttling list: every code that was in either of the two lists before (AwsErrors' and the
 * logs reader's), and the SDK's own, is a throttle both for retrying and for exit 5; the limits a retry
 * does not lift are exit 5 and are not retried. Codes from the API references: Lambda
 * TooManyRequestsException (429), API Gateway LimitExceededException and TooManyRequestsException (429),
 * CloudWatch Logs ThrottlingException and LimitExceededException, X-Ray ThrottledException (429), EC2's
 * RequestLimitExceeded, the query protocol's Throttling, S3's SlowDown (503).
 */
class ThrottlingTest {
    private static AwsServiceException answer(String code, int status) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("Rate exceeded").serviceName("Test").build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ThrottlingException", "Throttling", "TooManyRequestsException", "ThrottledException",
            "RequestLimitExceeded", "LimitExceededException", "SlowDown", "ProvisionedThroughputExceededException",
            "RequestThrottledException"})
    void eachThrottlingCodeIsRetriedAndExitsFive(String code) {
        AwsServiceException e = answer(code, 400);
        assertTrue(Throttling.isThrottle(e), code);
        assertEquals(ExitCode.THROTTLED, AwsErrors.translate(e).exitCode(), code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ServiceQuotaExceededException", "CodeStorageExceededException", "RequestEntityTooLargeException"})
    void limitsExitFiveButAreNotRetried(String code) {
        AwsServiceException e = answer(code, 400);
        assertFalse(Throttling.isThrottle(e), code);
        assertEquals(ExitCode.THROTTLED, AwsErrors.translate(e).exitCode(), code);
    }

    @Test
    void anyHttp429IsAThrottleAndOtherFailuresAreNot() {
        assertTrue(Throttling.isThrottle(answer("", 429)));
        assertFalse(Throttling.isThrottle(answer("ResourceConflictException", 409)));
        assertFalse(Throttling.isThrottle(answer("ServiceException", 500)));
        assertFalse(Throttling.isThrottle(SdkClientException.create("Unable to execute HTTP request")));
    }
}
