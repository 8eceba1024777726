package dev.lamb.config;

import java.util.regex.Pattern;

/**
 * A stage's name. It names both the API Gateway stage (letters, digits and _) and the function's alias
 * for that stage (which may not be only digits, since Lambda would read it as a version).
 */
public final class StageName {
    /** The stage when lamb.toml's [api] stage is not set. */
    public static final String DEFAULT = "dev";
    public static final String RULE = "letters, digits and _, 1 to 128 of them, not only digits";
    private static final Pattern NAME = Pattern.compile("(?!\\d+$)[a-zA-Z0-9_]{1,128}");

    private StageName() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
