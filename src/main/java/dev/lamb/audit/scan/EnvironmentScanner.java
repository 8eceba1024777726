package dev.lamb.audit.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

import dev.lamb.audit.scan.SecretMatch.Kind;

/**
 * Plaintext secrets in environment variables, a deployed function's or lamb.toml's. For each variable, in this order,
 * the first that applies: a reference or placeholder holds none; credentials of a known format (AWS access keys, private
 * key blocks, GitHub, Slack, Stripe, Google, npm tokens, JSON Web Tokens, URLs with a password); an AWS secret access
 * key (40 characters under an AWS secret name, or beside an access key id); a secret-named variable with a literal value
 * ({@link SecretNames}, {@link LiteralValues}); a high-entropy string ({@link Entropy}), unless the name says the value is
 * about something (GIT_SHA, CACHE_VERSION). So a variable gives one kind of match, the most specific.
 */
public final class EnvironmentScanner {
    private EnvironmentScanner() {}

    /** The secrets in a deployed function's variables: where {@link SecretMatch#ENVIRONMENT}, no line. */
    public static List<SecretMatch> scan(Map<String, String> environment) {
        return scan(environment, SecretMatch.ENVIRONMENT, name -> 0);
    }

    /** The secrets in variables written in {@code where}, each at the line {@code lineOf} gives its name (0 when none). */
    public static List<SecretMatch> scan(Map<String, String> environment, String where, ToIntFunction<String> lineOf) {
        Map<String, String> byName = new TreeMap<>(environment);
        boolean accessKeyBeside = byName.values().stream().anyMatch(
                v -> CredentialFormats.find(v, false).stream().anyMatch(f -> f.kind() == Kind.AWS_ACCESS_KEY));
        List<SecretMatch> matches = new ArrayList<>();
        byName.forEach((name, value) -> {
            for (Finding f : findings(name, value == null ? "" : value, accessKeyBeside)) {
                matches.add(new SecretMatch(f.kind(), where, lineOf.applyAsInt(name), name, f.description()));
            }
        });
        matches.sort(Comparator.comparingInt(SecretMatch::line));
        return matches;
    }

    record Finding(Kind kind, String description) {}

    /** What one variable holds, for this scanner and lamb.toml's. */
    static List<Finding> findings(String name, String value, boolean accessKeyBeside) {
        if (LiteralValues.isReference(value)) {
            return List.of();
        }
        List<Finding> found = new ArrayList<>();
        for (CredentialFormats.Found format : CredentialFormats.find(value, false)) {
            found.add(new Finding(format.kind(), format.hint()));
        }
        String v = value.strip();
        boolean secretKeyName = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "").matches(".*(SECRETACCESSKEY|AWSSECRET).*");
        if (found.isEmpty() && (secretKeyName || accessKeyBeside) && TextScan.isSecretKey(v)) {
            found.add(new Finding(Kind.AWS_SECRET_KEY, Redacted.secretKey(v)));
        }
        if (found.isEmpty() && SecretNames.isSecret(name) && LiteralValues.isSecret(name, v)) {
            found.add(new Finding(Kind.SECRET_NAMED_VARIABLE, "a literal value (" + v.length() + " characters)"));
        }
        if (found.isEmpty() && !SecretNames.isAbout(name)) {
            Entropy.highRuns(v).stream().findFirst().ifPresent(run -> found.add(new Finding(Kind.HIGH_ENTROPY, String.format(Locale.ROOT,
                    "a high-entropy %s string (%d characters, %.1f bits a character)", run.hex() ? "hex" : "base64",
                    run.text().length(), run.bits()))));
        }
        return found;
    }
}
