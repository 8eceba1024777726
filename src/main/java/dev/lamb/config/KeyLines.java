package dev.lamb.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line of each key in a TOML text, so that errors and audit findings can say "lamb.toml:7". Jackson's TOML
 * parser keeps no locations; lamb.toml is simple (tables, arrays of tables, bare, quoted or dotted keys), which this
 * covers. A key is named dotted from the root: "function.environment.API_KEY" for {@code API_KEY = …} under
 * {@code [function.environment]}; the Nth table of an array ({@code [[function.permissions]]}) is
 * "function.permissions.N", from 0. A value's lines run from its key's line to the line before the next key or header.
 */
public final class KeyLines {
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\s*([^\\[\\]]+?)\\s*]\\s*(#.*)?$");
    private static final Pattern ARRAY_TABLE = Pattern.compile("^\\s*\\[\\[\\s*([^\\[\\]]+?)\\s*]]\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)(?:\\s*\\.\\s*(?:\"[^\"]*\"|'[^']*'"
            + "|[A-Za-z0-9_-]+))*)\\s*=");
    private static final Pattern PART = Pattern.compile("\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)");

    /** A key set on a line (1-based); a header's key is its table. */
    private record Entry(String key, int line) {}

    private final List<Entry> entries = new ArrayList<>();
    private final int lineCount;

    public KeyLines(String toml) {
        String[] lines = toml.split("\n", -1);
        lineCount = lines.length;
        Map<String, Integer> arrayTables = new HashMap<>();
        String table = "";
        for (int i = 0; i < lines.length; i++) {
            Matcher header = TABLE.matcher(lines[i]);
            Matcher array = ARRAY_TABLE.matcher(lines[i]);
            Matcher key = KEY.matcher(lines[i]);
            if (header.matches()) {
                table = dotted(header.group(1));
                entries.add(new Entry(table, i + 1));
            } else if (array.matches()) {
                String name = dotted(array.group(1));
                entries.add(new Entry(name, i + 1));
                table = name + "." + (arrayTables.merge(name, 1, Integer::sum) - 1);
                entries.add(new Entry(table, i + 1));
            } else if (key.find()) {
                String dotted = dotted(key.group(1));
                entries.add(new Entry(table.isEmpty() ? dotted : table + "." + dotted, i + 1));
            }
        }
    }

    /** The 1-based line of the first entry that sets the dotted key, or 0 when unknown. */
    public int lineOf(String dottedKey) {
        return entries.stream().filter(e -> e.key().equals(dottedKey)).mapToInt(Entry::line).findFirst().orElse(0);
    }

    /** The last line of the value set at {@code line}: the line before the next entry, or the file's last. */
    public int lastLineOf(int line) {
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
