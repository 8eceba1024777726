package dev.lamb.local.cloud.iam;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Resource or condition value of a policy as IAM matches it: {@code *} any run of characters and {@code ?} one
 * (where the element or operator has wildcards), and, in a policy of Version 2012-10-17, policy variables
 * ({@code ${aws:PrincipalAccount}}, {@code ${aws:PrincipalTag/team, 'none'}}, and {@code ${*}}, {@code ${?}},
 * {@code ${$}} for those characters themselves) replaced by the call's values, which match literally (IAM User
 * Guide, "IAM policy elements: Variables and tags").
 */
final class PolicyText {
    /** What the text stands for in a call: a pattern, or why it has none. */
    enum Outcome { PATTERN, ABSENT, UNKNOWN }

    /**
     * The text compiled: its pattern; or ABSENT when a variable without a default has no value in the call ("any
     * attempt to match it fails and causes the statement to be invalid"); or UNKNOWN when the local cloud cannot tell
     * a variable's value.
     */
    record Compiled(Outcome outcome, Pattern pattern) {
        boolean matches(String value) {
            return pattern.matcher(value).matches();
        }
    }

    private static final Compiled ABSENT = new Compiled(Outcome.ABSENT, null);
    private static final Compiled UNKNOWN = new Compiled(Outcome.UNKNOWN, null);
    /** The variables that stand for characters IAM would otherwise read as wildcards or a variable. */
    private static final Set<String> SPECIAL = Set.of("*", "?", "$");

    private PolicyText() {}

    /** The text as a pattern; {@code context} null for a policy without variables (they are then plain text). */
    static Compiled compile(String text, boolean wildcards, boolean ignoreCase, RequestContext context) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = context != null && text.startsWith("${", i) ? text.indexOf('}', i + 2) : -1;
            if (end > 0) {
                String inside = text.substring(i + 2, end);
                String name = name(inside);
                if (!SPECIAL.contains(inside) && !context.knows(name)) {
                    return UNKNOWN;
                }
                Optional<String> value = SPECIAL.contains(inside) ? Optional.of(inside) : context.value(name).or(() -> fallback(inside));
                if (value.isEmpty()) {
                    return ABSENT;
                }
                literal.append(value.get());
                i = end + 1;
            } else if (wildcards && (c == '*' || c == '?')) {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
                i++;
            } else {
                literal.append(c);
                i++;
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return new Compiled(Outcome.PATTERN, Pattern.compile(regex.toString(), flags));
    }

    private static String name(String inside) {
        int comma = inside.indexOf(',');
        return (comma < 0 ? inside : inside.substring(0, comma)).trim();
    }

    /** The default a variable gives after its name ({@code ${aws:username, 'anonymous'}}), if any. */
    private static Optional<String> fallback(String inside) {
        int comma = inside.indexOf(',');
        String given = comma < 0 ? "" : inside.substring(comma + 1).trim();
        return given.length() >= 2 && given.startsWith("'") && given.endsWith("'")
                ? Optional.of(given.substring(1, given.length() - 1)) : Optional.empty();
    }
}
