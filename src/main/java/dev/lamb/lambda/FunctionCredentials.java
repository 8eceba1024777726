package dev.lamb.lambda;

import java.time.Instant;

/**
 * The AWS credentials a function's execution environment starts with (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN): its role's temporary ones, as Lambda hands them out, or, when asked for, the developer's
 * own. {@code sessionToken} is null for long-term keys, {@code expiration} null for keys that do not expire.
 */
public record FunctionCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    /** Whether these credentials stop working before {@code instant}. */
    public boolean expireBefore(Instant instant) {
        return expiration != null && expiration.isBefore(instant);
    }

    @Override
    public String toString() {
        return "FunctionCredentials[" + accessKeyId + (expiration == null ? "" : ", until " + expiration) + "]";
    }
}
