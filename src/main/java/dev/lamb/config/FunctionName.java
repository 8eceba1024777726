package dev.lamb.config;

import java.util.regex.Pattern;

import dev.lamb.LambException;

/** Lambda's rule for a function's plain name. */
public final class FunctionName {
    public static final String RULE = "1 to 64 characters: letters, digits, '-' and '_'";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private FunctionName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    public static String require(String name) {
        if (!isValid(name)) {
            throw LambException.usage("'" + name + "' is not a valid function name: use " + RULE);
        }
        return name;
    }

    /** A name given with {@code option} (--function), refused before any call with the option named. */
    public static String require(String option, String name) {
        if (!isValid(name)) {
            throw LambException.usage(option + " '" + name + "' is not a valid function name: use " + RULE);
        }
        return name;
    }
}
