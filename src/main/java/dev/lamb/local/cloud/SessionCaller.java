package dev.lamb.local.cloud;

/**
 * Whose temporary credentials sign a request, when the local STS issued them (AssumeRole): the session's ARN as
 * AWS names it in AccessDenied messages (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION), the secret and token
 * that go with its access key, whether it expired, and what its role's policies allow.
 */
public record SessionCaller(String arn, String secretAccessKey, String sessionToken, boolean expired, Permissions permissions) {

    /** What the policies of the session's role say of one action, in a call to that region. */
    @FunctionalInterface
    public interface Permissions {
        PolicyDecision decide(IamAction action, String region);
    }
}
