package dev.lamb.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line of lamb.toml a TOML error is about. The parser notices a value left open (an array or inline
 * table without its closing bracket) only lines later, and a duplicate key after its value: the user
 * wants the line that opens the broken value, and the line of the duplicate.
 */
final class TomlErrorLine {
    private static final Pattern KEY = Pattern.compile("\\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\\s*=.*");
    private static final Pattern TABLE = Pattern.compile("\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?");

    private TomlErrorLine() {}

    /** Where an error is, and what it is, in the user's words. */
    record Located(int line, String message) {}

    /** The line to show for the parser's error at {@code reported} (1-based), and what to say about it. */
    static Located of(String text, int reported, String message) {
        List<String> lines = text.lines().toList();
        if (message != null && message.startsWith("Duplicate key")) {
            Located duplicate = duplicateKey(lines);
            if (duplicate != null) {
                return duplicate;
            }
        }
        int opened = openValue(lines, reported);
        return opened > 0 && opened < reported
                ? new Located(opened, "the value that starts on this line is not closed (the parser stopped at line "
                        + reported + ": " + message + ")")
                : new Located(reported, message);
    }

    /** The first key (or table) set again in the same table, or null. */
    private static Located duplicateKey(List<String> lines) {
        Map<String, Integer> seen = new HashMap<>();
        String table = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher header = TABLE.matcher(line);
            Matcher key = KEY.matcher(line);
            String name = null;
            String where;
            if (header.matches() && !line.contains("=")) {
                table = header.group(1);
                name = line.strip().startsWith("[[") ? null : "[" + table + "]";
                where = "";
            } else if (key.matches()) {
                name = unquoted(key.group(1));
                where = table.isEmpty() ? "" : " in [" + table + "]";
            } else {
                continue;
            }
            if (name == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(table + "\u0000" + name, i + 1);
            if (first != null) {
                return new Located(i + 1, name + " is set twice" + where + " (first on line " + first + "): keep one");
            }
        }
        return null;
    }

    /** The line of the key whose array or inline table is still open at line {@code reported}, or 0. */
    private static int openValue(List<String> lines, int reported) {
        int depth = 0;
        int openedAt = 0;
        for (int i = 0; i < Math.min(reported, lines.size()); i++) {
            String line = lines.get(i);
            if (depth == 0 && !KEY.matcher(line).matches()) {
                continue;  // a table header, a comment or a blank line: its brackets open no value
            }
            int before = depth;
            depth = Math.max(0, depth + brackets(line));
            if (before == 0 && depth > 0) {
                openedAt = i + 1;
            } else if (depth == 0) {
                openedAt = 0;
            }
        }
        return depth > 0 ? openedAt : 0;
    }

    /** Opening minus closing brackets and braces, outside strings and comments. */
    static int brackets(String line) {
        int count = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                break;
            } else if (c == '[' || c == '{') {
                count++;
            } else if (c == ']' || c == '}') {
                count--;
            }
        }
        return count;
    }

    private static String unquoted(String key) {
        return key.length() >= 2 && (key.startsWith("\"") || key.startsWith("'")) ? key.substring(1, key.length() - 1) : key;
    }
}
