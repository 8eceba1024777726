package dev.lamb.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.LambException;

/**
 * The one writer of lamb.toml edits (tune --save): sets one key of one table and keeps every other byte
 * as it was, comments, blank lines, key order and line endings included. Jackson's TOML support reads but
 * cannot write a file back without losing its comments, so this edits the text, knowing TOML's tables:
 * a key is looked for only between its table's header and the next one, and never inside a multi-line
 * string, array or inline table.
 */
public final class TomlEditor {
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[?\\s*([A-Za-z0-9_.\"' -]+?)\\s*]]?\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^(\\s*)(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)(\\s*=\\s*)");
    /** A one-line value: a basic or literal string, or a bare token (number, boolean, date); what follows is kept. */
    private static final Pattern VALUE = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s#\\[{\"']+");
    private static final List<String> MULTILINE_QUOTES = List.of("\"\"\"", "'''");

    private TomlEditor() {}

    /**
     * Sets {@code table.key} to {@code value} (a TOML literal, such as {@code 512} or {@code "arm64"}) in
     * {@code file}, written through a temporary file and a rename, so that a failure never leaves half a file.
     */
    public static void set(Path file, String table, String key, String value) {
        try {
            String edited = set(Files.readString(file, StandardCharsets.UTF_8), table, key, value);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, edited, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw LambException.io("could not write " + file, e);
        }
    }

    /**
     * The text with {@code table.key} set to {@code value}: the value of the key's line replaced, the
     * rest of that line (a comment) kept; a key the table lacks goes right under its header; a table the
     * file lacks is appended.
     */
    public static String set(String text, String table, String key, String value) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        String current = "";
        int header = -1;
        int offset = 0;
        int depth = 0;
        String openString = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            int start = offset;
            offset += raw.length() + 1;
            if (openString != null) {
                openString = line.contains(openString) ? null : openString;
                continue;
            }
            if (depth > 0) {
                depth = Math.max(0, depth + TomlErrorLine.brackets(line));
                continue;
            }
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                current = unquote(h.group(1));
                if (current.equals(table)) {
                    header = offset;
                }
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (!k.find()) {
                continue;
            }
            String rest = line.substring(k.end());
            String dotted = current.isEmpty() ? unquote(k.group(2)) : current + "." + unquote(k.group(2));
            if (dotted.equals(table + "." + key)) {
                return replaceValue(text, start + k.end(), rest, value, table, key);
            }
            openString = openedString(rest);
            depth = openString == null ? Math.max(0, TomlErrorLine.brackets(rest)) : 0;
        }
        if (header >= 0) {
            int at = Math.min(header, text.length());
            String lead = at == text.length() && !text.endsWith("\n") ? newline : "";
            return text.substring(0, at) + lead + key + " = " + value + newline + text.substring(at);
        }
        String lead = text.isEmpty() ? "" : (text.endsWith("\n") ? "" : newline) + newline;
        return text + lead + "[" + table + "]" + newline + key + " = " + value + newline;
    }

    private static String replaceValue(String text, int start, String rest, String value, String table, String key) {
        Matcher v = VALUE.matcher(rest);
        if (!v.lookingAt() || openedString(rest) != null || TomlErrorLine.brackets(rest) > 0) {
            throw LambException.usage(table + "." + key + " in lamb.toml spans more than one line, so lamb cannot rewrite it: "
                    + "set it to " + value + " by hand");
        }
        return text.substring(0, start) + value + text.substring(start + v.end());
    }

    /** The quotes of a multi-line string that {@code value} begins and does not close on its line, else null. */
    private static String openedString(String value) {
        String v = value.strip();
        return MULTILINE_QUOTES.stream().filter(q -> v.startsWith(q) && v.indexOf(q, 3) < 0).findFirst().orElse(null);
    }

    private static String unquote(String name) {
        return name.replace("\"", "").replace("'", "").replace(" ", "");
    }
}
