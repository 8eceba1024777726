package dev.lamb.audit.scan;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.lamb.config.UnfilledValue;

/**
 * Which values of a secret-named variable are a secret written out, as opposed to a reference to one, a placeholder or a
 * setting. The rule, in order:
 * <ol>
 *   <li>empty, a reference (an ARN, {@code ssm:}, {@code secretsmanager:}, CloudFormation's {@code {{resolve:…}}}), a
 *   placeholder ({@code ${VAR}}, {@code $VAR}, {@code <your key>}, lamb's {@link UnfilledValue}): never a secret;</li>
 *   <li>true/false/yes/no/on/off/null/none: never;</li>
 *   <li>under a password name (PASSWORD, PASSWD, PWD) anything else is one, "123456" included;</li>
 *   <li>under the other names, a number or a duration (300, 1.5, 30s), a path (logs/, /var/task, ./keys), a URL without
 *   a password (one with is found by its format), or a short word of lower-case letters (hs256, none, rsa) is a setting,
 *   not a secret, unless it holds a high-entropy run (a key that happens to start with /); the rest is one.</li>
 * </ol>
 */
final class LiteralValues {
    private static final Set<String> WORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "none", "nil", "enabled",
            "disabled");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*|<[^<>]*>|\\{\\{[^}]*}}");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?[A-Za-z]{0,3}");
    private static final Pattern PATH = Pattern.compile("(?:/|\\./|\\.\\./|~/)[\\w.~/-]*|[\\w.~/-]*/");
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S*");
    /** Lower-case words up to 8 letters and digits, with - and _ between: algorithm names, modes, a region. */
    private static final Pattern SHORT_WORD = Pattern.compile("[a-z][a-z0-9]{0,7}(?:[-_][a-z0-9]{1,8}){0,2}");

    private LiteralValues() {}

    /** Whether {@code value} is a reference or a placeholder, so that no secret is in it whatever it is called. */
    static boolean isReference(String value) {
        String v = value.strip();
        return v.isEmpty() || v.startsWith("arn:") || v.startsWith("ssm:") || v.startsWith("secretsmanager:")
                || v.startsWith("{{resolve:") || v.equals(UnfilledValue.VALUE) || PLACEHOLDER.matcher(v).matches();
    }

    /** Whether a variable called {@code name} holding {@code value} holds a secret written out. */
    static boolean isSecret(String name, String value) {
        String v = value.strip();
        if (isReference(v) || WORDS.contains(v.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (SecretNames.isPassword(name)) {
            return true;
        }
        boolean setting = NUMBER.matcher(v).matches() || PATH.matcher(v).matches() || URL.matcher(v).matches()
                || SHORT_WORD.matcher(v).matches();
        return !setting || !Entropy.highRuns(v).isEmpty();
    }
}
