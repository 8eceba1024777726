package dev.lamb.local.apigateway;

/**
 * Header names as clients usually write them (Content-Type, X-Api-Key). The JDK's HTTP server keeps
 * only lower case after the first letter, so this is the closest lamb can give a handler.
 */
public final class HeaderNames {
    private HeaderNames() {}

    public static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
