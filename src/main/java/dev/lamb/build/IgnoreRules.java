package dev.lamb.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * gitignore rules, parsed and matched the way git's dir.c does it, so a .lambignore line means what
 * the user already knows from .gitignore: comments, {@code !} negation, a leading or middle '/'
 * anchoring to the project root, a trailing '/' matching only folders, patterns without a slash
 * matching a name at any depth, and the last matching line winning.
 *
 * <p>{@link #isIgnored} judges one path on its own, for a walk that does not descend into ignored
 * folders; {@link #isExcluded} also looks at the path's folders, because, as in git, a file inside
 * an excluded folder cannot be brought back by a later {@code !} line.
 */
final class IgnoreRules {
    /**
     * Always applied before the project's .lambignore (which may re-include them with '!'): version
     * control, secrets, local tooling, tests and the package manager folder the builders refill.
     * .npmrc is here beside .env because it commonly holds a registry token.
     */
    static final List<String> DEFAULTS = List.of(
            ".git/", ".hg/", ".svn/", ".env*", ".aws/", ".npmrc", ".lamb/", "__pycache__/", "*.pyc",
            ".DS_Store", "tests/", "test/", "events/", "lamb.toml", ".lambignore", ".gitignore", "node_modules/");

    private static final IgnoreRules NONE = new IgnoreRules(List.of());

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    static IgnoreRules none() {
        return NONE;
    }

    /** Parses gitignore text: lines split on '\n', a trailing '\r' dropped, a UTF-8 BOM skipped. */
    static IgnoreRules parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return of(Arrays.asList(text.split("\n", -1)));
    }

    static IgnoreRules of(List<String> lines) {
        List<Rule> parsed = new ArrayList<>();
        for (String line : lines) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Rule rule = Rule.parse(trimTrailingSpaces(line));
            if (rule != null) {
                parsed.add(rule);
            }
        }
        return new IgnoreRules(List.copyOf(parsed));
    }

    /** The rules in {@code file}, or none when it does not exist. */
    static IgnoreRules read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** These rules, then {@code later}'s, which win where both match. */
    IgnoreRules followedBy(IgnoreRules later) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(later.rules);
        return new IgnoreRules(List.copyOf(all));
    }

    /**
     * Whether the last rule matching this path itself (relative, '/'-separated, no trailing slash)
     * ignores it. Folders above the path are not consulted.
     */
    boolean isIgnored(String path, boolean directory) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        int slash = lastIndexOf(bytes, (byte) '/', bytes.length);
        return isIgnored(bytes, bytes.length, slash + 1, directory);
    }

    /** Whether git would exclude this path: it or any folder above it is ignored. */
    boolean isExcluded(String path, boolean directory) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '/') {
                if (isIgnored(bytes, i, start, true)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return isIgnored(bytes, bytes.length, start, directory);
    }

    /**
     * Whether the last rule matching this path itself is a '!' line: the path is included on
     * purpose, not merely left unmatched.
     */
    boolean includes(String path, boolean directory) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        Rule last = lastMatch(bytes, bytes.length, lastIndexOf(bytes, (byte) '/', bytes.length) + 1, directory);
        return last != null && last.negative;
    }

    private boolean isIgnored(byte[] path, int length, int basenameStart, boolean directory) {
        Rule last = lastMatch(path, length, basenameStart, directory);
        return last != null && !last.negative;
    }

    private Rule lastMatch(byte[] path, int length, int basenameStart, boolean directory) {
        byte[] candidate = length == path.length ? path : Arrays.copyOf(path, length);
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule rule = rules.get(i);
            if (rule.matches(candidate, basenameStart, directory)) {
                return rule;
            }
        }
        return null;
    }

    /** git's trim_trailing_spaces: unescaped trailing spaces go; "\ " keeps one. */
    private static String trimTrailingSpaces(String line) {
        int lastSpace = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                if (lastSpace < 0) {
                    lastSpace = i;
                }
            } else if (c == '\\') {
                i++;
                if (i >= line.length()) {
                    return line;
                }
                lastSpace = -1;
            } else {
                lastSpace = -1;
            }
        }
        return lastSpace < 0 ? line : line.substring(0, lastSpace);
    }

    private static int lastIndexOf(byte[] bytes, byte b, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** One line, as git's parse_path_pattern leaves it. */
    private record Rule(byte[] pattern, boolean negative, boolean directoryOnly, boolean basenameOnly,
                        int literalPrefix, boolean endsWithLiteral) {

        static Rule parse(String line) {
            boolean negative = line.startsWith("!");
            String body = negative ? line.substring(1) : line;
            boolean directoryOnly = body.endsWith("/");
            if (directoryOnly) {
                body = body.substring(0, body.length() - 1);
            }
            if (body.isEmpty()) {
                return null; // "/" or "!" alone: git keeps them, but they can never match a path
            }
            byte[] pattern = body.getBytes(StandardCharsets.UTF_8);
            boolean basenameOnly = body.indexOf('/') < 0;
            int literalPrefix = simpleLength(pattern, 0);
            boolean endsWithLiteral = pattern[0] == '*' && simpleLength(pattern, 1) == pattern.length - 1;
            return new Rule(pattern, negative, directoryOnly, basenameOnly, literalPrefix, endsWithLiteral);
        }

        boolean matches(byte[] path, int basenameStart, boolean directory) {
            if (directoryOnly && !directory) {
                return false;
            }
            return basenameOnly ? matchBasename(path, basenameStart) : matchPathname(path);
        }

        /** git's match_basename, shortcuts included (they are exact, not approximations). */
        private boolean matchBasename(byte[] path, int start) {
            int length = path.length - start;
            if (literalPrefix == pattern.length) {
                return length == pattern.length && Arrays.equals(pattern, 0, pattern.length, path, start, path.length);
            }
            if (endsWithLiteral) {
                int tail = pattern.length - 1;
                return tail <= length && Arrays.equals(pattern, 1, pattern.length, path, path.length - tail, path.length);
            }
            byte[] basename = Arrays.copyOfRange(path, start, path.length);
            return Wildmatch.matches(pattern, 0, basename, 0, false);
        }

        /**
         * git's match_pathname for a rule file at the root. Its literal-prefix shortcut is kept on
         * purpose: it changes what a "**" right after the prefix means ("a**&#47;b" acts like
         * "a" + "**&#47;b"), and .lambignore should agree with git even there.
         */
        private boolean matchPathname(byte[] path) {
            int from = 0;
            int prefix = literalPrefix;
            if (pattern[0] == '/') {
                from = 1;
                prefix--;
            }
            int nameFrom = 0;
            if (prefix > 0) {
                if (prefix > path.length) {
                    return false;
                }
                if (!Arrays.equals(pattern, from, from + prefix, path, 0, prefix)) {
                    return false;
                }
                from += prefix;
                nameFrom = prefix;
                if (from == pattern.length && nameFrom == path.length) {
                    return true;
                }
            }
            return Wildmatch.matches(pattern, from, path, nameFrom, true);
        }

        private static int simpleLength(byte[] pattern, int from) {
            int i = from;
            while (i < pattern.length && !Wildmatch.isGlobSpecial(pattern[i])) {
                i++;
            }
            return i - from;
        }
    }
}
