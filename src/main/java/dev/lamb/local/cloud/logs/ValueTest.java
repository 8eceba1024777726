package dev.lamb.local.cloud.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One comparison of a filter pattern: {@code = != < > <= >=} against a value written in the pattern, as
 * the filter pattern syntax compares: strings exactly (case-sensitive) with {@code *} matching any run of
 * characters, numbers by value, {@code %regex%} by a match anywhere in the value.
 */
record ValueTest(String operator, String literal, Double number, Pattern regex) {
    private static final Set<String> OPERATORS = Set.of("=", "!=", "<", ">", "<=", ">=");

    /** A comparison read from the pattern: a bare word that is a number compares as one; quoted text never does. */
    static ValueTest read(PatternText text, String operator) {
        PatternText.Token value = text.take();
        switch (value.kind()) {
            case REGEX -> {
                if (!operator.equals("=") && !operator.equals("!=")) {
                    throw text.invalid("a regular expression takes = or != " + text.where(value));
                }
                try {
                    return new ValueTest(operator, value.text(), null, Pattern.compile(value.text()));
                } catch (RuntimeException e) {
                    throw text.invalid("the regular expression %" + value.text() + "% is not valid");
                }
            }
            case QUOTED, WORD -> {
                Double number = value.kind() == PatternText.Kind.WORD ? number(value.text()) : null;
                if (number == null && !operator.equals("=") && !operator.equals("!=")) {
                    throw text.invalid(operator + " compares numbers, not " + text.where(value));
                }
                return new ValueTest(operator, value.text(), number, null);
            }
            default -> throw text.invalid("expected a value after " + operator + " " + text.where(value));
        }
    }

    static boolean isOperator(PatternText.Token t) {
        return t.kind() == PatternText.Kind.SYMBOL && OPERATORS.contains(t.text());
    }

    /** Whether the value (text as the event has it, its number when it is one) passes this comparison. */
    boolean test(String value, boolean valueIsNumber) {
        boolean negate = operator.equals("!=");
        if (regex != null) {
            return regex.matcher(value).find() != negate;
        }
        Double actual = valueIsNumber || number != null ? number(value) : null;
        if (number != null && actual != null) {
            int c = Double.compare(actual, number);
            return switch (operator) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                default -> c >= 0;
            };
        }
        if (!operator.equals("=") && !operator.equals("!=")) {
            return false;
        }
        return wildcard(literal, value) != negate;
    }

    private static boolean wildcard(String pattern, String value) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(value);
        }
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts), Pattern.DOTALL).matcher(value).matches();
    }

    static Double number(String text) {
        if (text == null || text.isEmpty() || !text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return null;
        }
        return Double.valueOf(text);
    }
}
