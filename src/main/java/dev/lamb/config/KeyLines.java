package dev.lamb.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line of each key in a TOML text, so that errors can say "lamb.toml:7". Jackson's TOML
 * parser keeps no locations; lamb.toml is simple (tables and bare or quoted keys), which this covers.
 */
final class KeyLines {
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\s*([^\\[\\]]+?)\\s*]\\s*(#.*)?$");
    /** An array of tables, [[function.permissions]]: its Nth table's keys are "function.permissions.N.key", from 0. */
    private static final Pattern ARRAY_TABLE = Pattern.compile("^\\s*\\[\\[\\s*([^\\[\\]]+?)\\s*]]\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*(\"[^\"]*\"|[A-Za-z0-9_.-]+)\\s*=");

    private final Map<String, Integer> lines = new HashMap<>();

    KeyLines(String toml) {
        String table = "";
        Map<String, Integer> arrayTables = new HashMap<>();
        String[] all = toml.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            Matcher t = TABLE.matcher(all[i]);
            if (t.matches()) {
                table = t.group(1).replace("\"", "");
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            Matcher a = ARRAY_TABLE.matcher(all[i]);
            if (a.matches()) {
                String array = a.group(1).replace("\"", "");
                lines.putIfAbsent(array, i + 1);
                table = array + "." + (arrayTables.merge(array, 1, Integer::sum) - 1);
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            Matcher k = KEY.matcher(all[i]);
            if (k.find()) {
                String key = k.group(1).replace("\"", "");
                lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, i + 1);
            }
        }
    }

    /** The 1-based line of a dotted key, or 0 when unknown. */
    int lineOf(String dottedKey) {
        return lines.getOrDefault(dottedKey, 0);
    }
}
