package dev.lamb.audit.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each assignment and table header of a lamb.toml, by line, with the dotted key it sets: "function.environment.API_KEY"
 * for {@code API_KEY = …} under {@code [function.environment]}. A value's lines run from its key's line to the line before
 * the next key or header, so a hit on any line of a multi-line string is known to be that key's.
 */
final class TomlKeyLines {
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[?\\s*([^\\[\\]]+?)\\s*]]?\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)(?:\\s*\\.\\s*(?:\"[^\"]*\"|'[^']*'"
            + "|[A-Za-z0-9_-]+))*)\\s*=");
    private static final Pattern PART = Pattern.compile("\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)");

    /** A key set on a line (1-based); a header's key is its table. */
    record Entry(String key, int line) {}

    private final List<Entry> entries = new ArrayList<>();
    private final int lineCount;

    TomlKeyLines(String toml) {
        String[] lines = toml.split("\n", -1);
        lineCount = lines.length;
        String table = "";
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            Matcher key = KEY.matcher(lines[i]);
            if (header.matches()) {
                table = dotted(header.group(1));
                entries.add(new Entry(table, i + 1));
            } else if (key.find()) {
                String dotted = dotted(key.group(1));
                entries.add(new Entry(table.isEmpty() ? dotted : table + "." + dotted, i + 1));
            }
        }
    }

    /** The line of the first entry that sets {@code key}, or 0. */
    int lineOf(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).mapToInt(Entry::line).findFirst().orElse(0);
    }

    /** The last line of the value set at {@code line}: the line before the next entry, or the file's last. */
    int lastLineOf(int line) {
        return entries.stream().mapToInt(Entry::line).filter(l -> l > line).min().orElse(lineCount + 1) - 1;
    }

    /** "a . \"b.c\"" as "a.b.c": the parts of a key without their quotes. */
    private static String dotted(String key) {
        List<String> parts = new ArrayList<>();
        Matcher part = PART.matcher(key);
        while (part.find()) {
            parts.add(part.group(1) != null ? part.group(1) : part.group(2) != null ? part.group(2) : part.group(3));
        }
        return String.join(".", parts);
    }
}
