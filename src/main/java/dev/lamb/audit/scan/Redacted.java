package dev.lamb.audit.scan;

/**
 * The most of a secret a match may say: the public prefix of its format (AKIA, ghp_) and, when at least 16 characters
 * follow it, their last four, as GitHub's secret scanning and the AWS console show keys; and its length.
 */
final class Redacted {
    private static final int LAST = 4;
    private static final int SHOWN_FROM = 16;

    private Redacted() {}

    /** The hint for a secret whose first {@code prefix} characters are its format's public prefix (0 when none). */
    static String hint(String secret, int prefix) {
        String start = secret.substring(0, prefix);
        String end = secret.length() - prefix >= SHOWN_FROM ? secret.substring(secret.length() - LAST) : "";
        return start + "…" + end + " (" + secret.length() + " characters)";
    }

    /**
     * The hint for an AWS secret access key: its length only. The console and GitHub show the last four of a key's id,
     * never of its secret, and a finding travels (SARIF uploads) where no part of a secret should.
     */
    static String secretKey(String secret) {
        return SecretMatch.Kind.AWS_SECRET_KEY.label() + " (" + secret.length() + " characters)";
    }
}
