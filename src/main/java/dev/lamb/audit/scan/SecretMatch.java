package dev.lamb.audit.scan;

/**
 * A credential found in plain text: where it is and what kind, never its value. {@code where} is a path relative to the
 * project (lamb.toml, or a file of the package) or {@link #ENVIRONMENT} for a deployed function's variables; {@code line}
 * is 1-based, 0 when there is none; {@code name} is the variable or key that holds it, "" when none; {@code description}
 * says what was found with at most a redacted hint ("AKIA…MPLE"), so a finding can be printed, logged and kept in CI.
 */
public record SecretMatch(Kind kind, String where, int line, String name, String description) {
    /** The {@code where} of a deployed function's environment variables. */
    public static final String ENVIRONMENT = "environment";

    /** What was found, with the public description of its format that the detector follows. */
    public enum Kind {
        /** A variable named like a secret (*KEY*, *SECRET*, *TOKEN*, *PASSWORD*…) holding a literal value: see SecretNames. */
        SECRET_NAMED_VARIABLE("a secret-named variable holding a literal value",
                "lamb's rule (README audit section); keywords as detect-secrets' KeywordDetector"),
        /** A long base64 or hex string of high Shannon entropy, thresholds of truffleHog and detect-secrets: see Entropy. */
        HIGH_ENTROPY("a high-entropy string",
                "truffleHog v2 (strings over 20 characters, base64 > 4.5, hex > 3.0 bits a character); detect-secrets' defaults"),
        AWS_ACCESS_KEY("an AWS access key id",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids (AKIA, ASIA)"),
        AWS_SECRET_KEY("an AWS secret access key",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html (40 characters)"),
        PRIVATE_KEY("a private key",
                "RFC 7468 (PEM labels), OpenSSH PROTOCOL.key, RFC 4880 §6.2 (PGP PRIVATE KEY BLOCK), PuTTY's key file format"),
        ENV_FILE("a .env file", "https://github.com/motdotla/dotenv#should-i-commit-my-env-file"),
        CREDENTIALS_FILE("a credentials file",
                "AWS CLI credentials file, .netrc, .git-credentials, .pgpass, .ssh/, npm's .npmrc _authToken, PyPA's .pypirc password"),
        GITHUB_TOKEN("a GitHub token",
                "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github"
                        + "#githubs-token-formats (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)"),
        SLACK_TOKEN("a Slack token", "https://api.slack.com/concepts/token-types (xoxb-, xoxp-, xoxa-, xoxr-, xoxe-…)"),
        SLACK_WEBHOOK("a Slack incoming webhook URL", "https://api.slack.com/messaging/webhooks (hooks.slack.com/services/…)"),
        STRIPE_KEY("a Stripe live secret key", "https://docs.stripe.com/keys (sk_live_, rk_live_)"),
        GOOGLE_API_KEY("a Google API key", "https://cloud.google.com/docs/authentication/api-keys (AIza + 35)"),
        NPM_TOKEN("an npm access token", "https://github.blog/2021-09-23-announcing-npms-new-access-token-format/ (npm_ + 36)"),
        JSON_WEB_TOKEN("a JSON Web Token", "RFC 7519 and RFC 7515 §7.1 (three base64url parts; a JSON header encodes as eyJ)"),
        CREDENTIALS_IN_URL("a URL with a password", "RFC 3986 §3.2.1 (user:password@ in the authority)");

        private final String label;
        private final String source;

        Kind(String label, String source) {
            this.label = label;
            this.source = source;
        }

        /** What it is, in a few words: "an AWS access key id". */
        public String label() {
            return label;
        }

        /** Where its format is described publicly, to cite. */
        public String source() {
            return source;
        }
    }
}
