package dev.lamb.audit.scan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which variable names say they hold a secret: a word of the name contains KEY, SECRET, TOKEN, PASSWORD, PASSWD, PWD,
 * CREDENTIAL or PRIVATE (the issue's *KEY*, *SECRET*, *TOKEN*, *PASSWORD*, with detect-secrets' KeywordDetector's
 * passwd, pwd and private_key), unless the name's last word says it holds something about a secret instead of one:
 * KEY_PREFIX, TOKEN_TTL, SECRET_NAME, KMS_KEY_ID, PASSWORD_MIN_LENGTH, API_KEY_HEADER, SIGNING_KEY_ALGORITHM. An id
 * is no secret (detect-secrets' is_likely_id_string filter); an access key id is still found by its format.
 */
final class SecretNames {
    private static final List<String> SECRET_WORDS = List.of("KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PWD", "CREDENTIAL",
            "PRIVATE");
    private static final List<String> PASSWORD_WORDS = List.of("PASSWORD", "PASSWD", "PWD");
    /** Last words of names that hold a setting about a secret, or a place, not the secret itself. */
    private static final Set<String> ABOUT_WORDS = Set.of(
            "ID", "IDS", "ARN", "ARNS", "NAME", "NAMES", "PREFIX", "SUFFIX", "TTL", "TIMEOUT", "EXPIRY", "EXPIRES", "EXPIRATION",
            "AGE", "LIFETIME", "DURATION", "SECONDS", "MINUTES", "HOURS", "DAYS", "LENGTH", "SIZE", "BITS", "COUNT", "LIMIT",
            "PATH", "FILE", "DIR", "FOLDER", "URL", "URI", "ENDPOINT", "HOST", "PORT", "REGION", "BUCKET", "TABLE", "HEADER",
            "FIELD", "PARAM", "PARAMETER", "ALG", "ALGORITHM", "TYPE", "FORMAT", "ENCODING", "ISSUER", "AUDIENCE", "SCOPE",
            "SCOPES", "VERSION", "ENABLED", "DISABLED", "REQUIRED", "MODE", "POLICY", "ROTATION", "STORE", "PROVIDER", "SOURCE",
            "LOCATION", "SHA", "HASH", "DIGEST", "CHECKSUM", "COMMIT", "ETAG", "SUBNET", "SUBNETS", "VPC", "ZONE", "DOMAIN");

    private SecretNames() {}

    /** Whether the variable {@code name} says it holds a secret. */
    static boolean isSecret(String name) {
        List<String> words = words(name);
        if (words.isEmpty() || ABOUT_WORDS.contains(words.get(words.size() - 1))) {
            return false;
        }
        return words.stream().anyMatch(w -> SECRET_WORDS.stream().anyMatch(w::contains));
    }

    /** Whether the name says it holds a password: any literal there is one, even a number. */
    static boolean isPassword(String name) {
        return isSecret(name) && words(name).stream().anyMatch(w -> PASSWORD_WORDS.stream().anyMatch(w::contains));
    }

    /** Whether the name's last word says it is about something secret rather than one (SECRET_NAME, GIT_SHA). */
    static boolean isAbout(String name) {
        List<String> words = words(name);
        return !words.isEmpty() && ABOUT_WORDS.contains(words.get(words.size() - 1));
    }

    /** Words of UPPER_SNAKE, kebab-case, dotted and camelCase names, in upper case. */
    static List<String> words(String name) {
        String split = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return Arrays.stream(split.split("[^A-Za-z0-9]+")).filter(w -> !w.isEmpty()).map(w -> w.toUpperCase(Locale.ROOT)).toList();
    }
}
