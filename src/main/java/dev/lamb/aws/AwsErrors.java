package dev.lamb.aws;

import java.util.Set;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place SDK exceptions become lamb's: one line saying what AWS said and what to do, with the
 * exit code of the README (3 credentials, 4 not found, 5 throttled or a limit, 1 anything else). The
 * core lets SDK exceptions go; they are translated where a failure reaches the command line
 * ({@link #translated}), or where a catch adds what the user needs to know (the deploy step that failed).
 */
public final class AwsErrors {
    private static final Set<String> AUTH = Set.of("AccessDenied", "AccessDeniedException", "UnrecognizedClientException",
            "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "InvalidSignatureException",
            "SignatureDoesNotMatch", "UnauthorizedException", "MissingAuthenticationTokenException");
    private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "NoSuchEntity", "NotFoundException");
    /** Limits a retry does not lift: exit 5 like throttling ({@link Throttling}), but never retried. */
    private static final Set<String> LIMITS = Set.of("ServiceQuotaExceededException", "RequestEntityTooLargeException",
            "CodeStorageExceededException");

    private AwsErrors() {}

    /** {@code failure} as the user sees it: an SDK exception translated, anything else as it is. */
    public static Exception translated(Exception failure) {
        return failure instanceof SdkException e ? translate(e) : failure;
    }

    public static LambException translate(SdkException e) {
        if (e instanceof AwsServiceException service) {
            // An endpoint may answer an error without a code (an emulator's 404 for an operation it lacks).
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null ? ""
                    : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
            String serviceName = service.awsErrorDetails() == null ? "AWS" : service.awsErrorDetails().serviceName();
            String what = code.isEmpty() ? "answered HTTP " + service.statusCode() : code;
            String line = serviceName + " " + what + (message == null || message.isBlank() ? "" : ": " + message)
                    + (service.requestId() == null ? "" : " (request " + service.requestId() + ")");
            int status = service.statusCode();
            if (AUTH.contains(code) || status == 401) {
                return new LambException(ExitCode.AUTH, line + "; check --profile, or the credentials' permissions", e);
            }
            if (NOT_FOUND.contains(code) || status == 404) {
                return new LambException(ExitCode.NOT_FOUND, line, e);
            }
            if (Throttling.isThrottle(service) || LIMITS.contains(code) || status == 413) {
                return new LambException(ExitCode.THROTTLED, line, e);
            }
            return new LambException(ExitCode.FAILED, line, e);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof SdkClientException && (message.contains("Unable to load credentials")
                || message.contains("Unable to load region"))) {
            return new LambException(ExitCode.AUTH, "no AWS " + (message.contains("region") ? "region" : "credentials")
                    + " found: pass --profile and --region (or set AWS_PROFILE and AWS_REGION), or use --local", e);
        }
        return new LambException(ExitCode.FAILED, "AWS call failed: " + message, e);
    }
}
