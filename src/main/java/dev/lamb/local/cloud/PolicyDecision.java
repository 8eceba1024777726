package dev.lamb.local.cloud;

/**
 * What identity-based policies say of one action on one resource, as IAM evaluates them: an explicit Deny wins
 * over any Allow, and with neither the call is denied implicitly. The two denials read differently in AWS's
 * AccessDenied message.
 */
public enum PolicyDecision {
    ALLOWED,
    /** No statement allows it (implicit deny). */
    NOT_ALLOWED,
    /** A statement denies it (explicit deny). */
    DENIED
}
