package dev.lamb.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value of [function.secrets]: where a secret lives, never the secret. {@code secretsmanager:NAME_OR_ARN}, optionally
 * with {@code #json-key} for one key of a JSON secret, or {@code ssm:/path/to/parameter} (a SecureString included).
 * The function finds it through the environment variable {@link #variable(String)}: NAME_SECRET_ARN, holding the
 * resolved ARN (with {@code #json-key} after it when one is given).
 */
public record SecretReference(Store store, String id, Optional<String> jsonKey) {
    /** The suffix of the variable that carries a reference's ARN to the function. */
    public static final String VARIABLE_SUFFIX = "_SECRET_ARN";

    /** Where a secret lives, with the prefix a reference starts with. */
    public enum Store {
        SECRETS_MANAGER("secretsmanager"), SSM("ssm");

        private final String prefix;

        Store(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /** Secrets Manager's secret names (1 to 512 of these characters), or a secret's ARN. */
    private static final Pattern SECRET = Pattern.compile(
            "secretsmanager:((?:arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512})(?:#(.+))?");
    /** Parameter Store's names (letters, digits and . - _ /, a path from /), or a parameter's ARN. */
    private static final Pattern PARAMETER = Pattern.compile(
            "ssm:((?:arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:parameter)?/?[A-Za-z0-9_./-]{1,2048})");

    public static final String FORMS = "\"secretsmanager:NAME_OR_ARN\" (with \"#json-key\" for one key of a JSON secret) "
            + "or \"ssm:/path/to/parameter\"";

    /** The reference {@code text} names, or empty when it is not one of {@link #FORMS}. */
    public static Optional<SecretReference> parse(String text) {
        Matcher secret = SECRET.matcher(text);
        if (secret.matches()) {
            return Optional.of(new SecretReference(Store.SECRETS_MANAGER, secret.group(1), Optional.ofNullable(secret.group(2))));
        }
        Matcher parameter = PARAMETER.matcher(text);
        if (parameter.matches() && !parameter.group(1).contains("//")) {
            return Optional.of(new SecretReference(Store.SSM, parameter.group(1), Optional.empty()));
        }
        return Optional.empty();
    }

    /** The environment variable through which the function finds the secret it calls {@code name}. */
    public static String variable(String name) {
        return name + VARIABLE_SUFFIX;
    }

    /** The id is an ARN already, so deploy need not look it up to grant it. */
    public boolean isArn() {
        return id.startsWith("arn:");
    }

    /** The reference as lamb.toml writes it. */
    @Override
    public String toString() {
        return store.prefix() + ":" + id + jsonKey.map(k -> "#" + k).orElse("");
    }
}
