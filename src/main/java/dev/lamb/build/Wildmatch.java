package dev.lamb.build;

import java.nio.charset.StandardCharsets;

/**
 * Git's glob matcher (wildmatch.c), ported byte for byte so that .lambignore means exactly what the
 * same lines mean in a .gitignore: {@code *}, {@code ?}, {@code [...]} with ranges, {@code !}/{@code ^}
 * negation and {@code [:class:]}, backslash escapes, and {@code **} spanning directories when it
 * stands between slashes. Works on UTF-8 bytes, as git does.
 */
final class Wildmatch {
    private static final int MATCH = 0;
    private static final int NOMATCH = 1;
    private static final int ABORT_ALL = -1;
    private static final int ABORT_TO_STARSTAR = -2;

    private Wildmatch() {}

    /**
     * Whether {@code text} matches {@code pattern}. With {@code pathname}, wildcards other than
     * {@code **} stop at '/', as in gitignore path patterns; without it, {@code *} crosses '/'.
     */
    static boolean matches(byte[] pattern, int patternFrom, byte[] text, int textFrom, boolean pathname) {
        return dowild(terminated(pattern, patternFrom), 0, terminated(text, textFrom), 0, pathname) == MATCH;
    }

    /** True for the bytes that make a pattern more than a literal: git's is_glob_special. */
    static boolean isGlobSpecial(byte b) {
        return b == '*' || b == '?' || b == '[' || b == '\\';
    }

    /** A NUL-terminated copy, so the port can read one past the end exactly as the C code does. */
    private static byte[] terminated(byte[] bytes, int from) {
        byte[] copy = new byte[bytes.length - from + 1];
        System.arraycopy(bytes, from, copy, 0, bytes.length - from);
        return copy;
    }

    private static int dowild(byte[] p, int pi, byte[] t, int ti, boolean pathname) {
        final int patternStart = pi;
        for (; p[pi] != 0; ti++, pi++) {
            int pch = p[pi] & 0xff;
            int tch = t[ti] & 0xff;
            if (tch == 0 && pch != '*') {
                return ABORT_ALL;
            }
            switch (pch) {
                case '\\':
                    // Literal match with the next byte; a trailing backslash matches nothing.
                    pch = p[++pi] & 0xff;
                    if (tch != pch) {
                        return NOMATCH;
                    }
                    continue;
                case '?':
                    if (pathname && tch == '/') {
                        return NOMATCH;
                    }
                    continue;
                case '*': {
                    boolean matchSlash;
                    if (p[++pi] == '*') {
                        int prevP = pi - 2;
                        while (p[++pi] == '*') {
                            // a run of stars is one "**"
                        }
                        if ((prevP < patternStart || p[prevP] == '/')
                                && (p[pi] == 0 || p[pi] == '/' || (p[pi] == '\\' && p[pi + 1] == '/'))) {
                            // "foo/**/bar" also matches "foo/bar": try "**/" as matching nothing first.
                            if (p[pi] == '/' && dowild(p, pi + 1, t, ti, pathname) == MATCH) {
                                return MATCH;
                            }
                            matchSlash = true;
                        } else {
                            matchSlash = false;
                        }
                    } else {
                        matchSlash = !pathname;
                    }
                    if (p[pi] == 0) {
                        // A trailing "**" matches everything; a trailing "*" only within this directory.
                        if (!matchSlash && indexOf(t, ti, '/') >= 0) {
                            return NOMATCH;
                        }
                        return MATCH;
                    } else if (!matchSlash && p[pi] == '/') {
                        // One star followed by a slash matches the rest of this path component.
                        int slash = indexOf(t, ti, '/');
                        if (slash < 0) {
                            return NOMATCH;
                        }
                        ti = slash;
                        break;
                    }
                    while (tch != 0) {
                        if (!isGlobSpecial(p[pi])) {
                            // Skip ahead to the next occurrence of the literal that follows the star.
                            int literal = p[pi] & 0xff;
                            while ((tch = t[ti] & 0xff) != 0 && (matchSlash || tch != '/')) {
                                if (tch == literal) {
                                    break;
                                }
                                ti++;
                            }
                            if (tch != literal) {
                                return NOMATCH;
                            }
                        }
                        int matched = dowild(p, pi, t, ti, pathname);
                        if (matched != NOMATCH) {
                            if (!matchSlash || matched != ABORT_TO_STARSTAR) {
                                return matched;
                            }
                        } else if (!matchSlash && tch == '/') {
                            return ABORT_TO_STARSTAR;
                        }
                        tch = t[++ti] & 0xff;
                    }
                    return ABORT_ALL;
                }
                case '[': {
                    pch = p[++pi] & 0xff;
                    if (pch == '^') {
                        pch = '!';
                    }
                    boolean negated = pch == '!';
                    if (negated) {
                        pch = p[++pi] & 0xff;
                    }
                    int prevCh = 0;
                    boolean matched = false;
                    while (true) {
                        if (pch == 0) {
                            return ABORT_ALL;
                        }
                        if (pch == '\\') {
                            pch = p[++pi] & 0xff;
                            if (pch == 0) {
                                return ABORT_ALL;
                            }
                            if (tch == pch) {
                                matched = true;
                            }
                        } else if (pch == '-' && prevCh != 0 && p[pi + 1] != 0 && p[pi + 1] != ']') {
                            pch = p[++pi] & 0xff;
                            if (pch == '\\') {
                                pch = p[++pi] & 0xff;
                                if (pch == 0) {
                                    return ABORT_ALL;
                                }
                            }
                            if (tch <= pch && tch >= prevCh) {
                                matched = true;
                            }
                            pch = 0; // so that prevCh becomes 0: "a-c-e" has no second range
                        } else if (pch == '[' && p[pi + 1] == ':') {
                            int s = pi += 2;
                            while ((pch = p[pi] & 0xff) != 0 && pch != ']') {
                                pi++;
                            }
                            if (pch == 0) {
                                return ABORT_ALL;
                            }
                            int len = pi - s - 1;
                            if (len < 0 || p[pi - 1] != ':') {
                                // No ":]": the '[' is an ordinary member of the set.
                                pi = s - 2;
                                pch = '[';
                                if (tch == pch) {
                                    matched = true;
                                }
                            } else {
                                Boolean inClass = inClass(new String(p, s, len, StandardCharsets.US_ASCII), tch);
                                if (inClass == null) {
                                    return ABORT_ALL; // malformed [:class:]
                                }
                                if (inClass) {
                                    matched = true;
                                }
                                pch = 0;
                            }
                        } else if (tch == pch) {
                            matched = true;
                        }
                        prevCh = pch;
                        pch = p[++pi] & 0xff;
                        if (pch == ']') {
                            break;
                        }
                    }
                    if (matched == negated || (pathname && tch == '/')) {
                        return NOMATCH;
                    }
                    continue;
                }
                default:
                    if (tch != pch) {
                        return NOMATCH;
                    }
                    continue;
            }
        }
        return t[ti] != 0 ? NOMATCH : MATCH;
    }

    private static int indexOf(byte[] t, int from, char c) {
        for (int i = from; t[i] != 0; i++) {
            if (t[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** POSIX classes as git defines them (ASCII only); null for an unknown class name. */
    private static Boolean inClass(String name, int c) {
        boolean upper = c >= 'A' && c <= 'Z';
        boolean lower = c >= 'a' && c <= 'z';
        boolean digit = c >= '0' && c <= '9';
        boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        boolean print = c >= 0x20 && c <= 0x7e;
        boolean graph = print && !space;
        return switch (name) {
            case "alnum" -> upper || lower || digit;
            case "alpha" -> upper || lower;
            case "blank" -> c == ' ' || c == '\t';
            case "cntrl" -> c < 0x20 || c == 0x7f;
            case "digit" -> digit;
            case "graph" -> graph;
            case "lower" -> lower;
            case "print" -> print;
            case "punct" -> graph && !upper && !lower && !digit;
            case "space" -> space;
            case "upper" -> upper;
            case "xdigit" -> digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            default -> null;
        };
    }
}
