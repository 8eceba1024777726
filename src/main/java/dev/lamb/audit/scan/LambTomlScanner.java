package dev.lamb.audit.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.config.KeyLines;
import dev.lamb.config.TomlTree;

/**
 * Plaintext secrets in a lamb.toml, at their lines: the variables of [function.environment] and of each
 * [stage.NAME.environment], judged as {@link EnvironmentScanner} judges a deployed function's; and credentials of a known
 * format anywhere else in the file, comments included, since the file is committed whole.
 */
public final class LambTomlScanner {
    private LambTomlScanner() {}

    /** The secrets in {@code toml}, the text of the file at {@code where} (its path relative to the project). */
    public static List<SecretMatch> scan(String toml, String where) {
        KeyLines lines = new KeyLines(toml);
        List<SecretMatch> matches = new ArrayList<>();
        TreeSet<Integer> judged = new TreeSet<>();
        environments(toml).forEach((table, environment) -> {
            int tableLine = lines.lineOf(table);
            List<SecretMatch> found = EnvironmentScanner.scan(environment, where, name -> {
                int line = lines.lineOf(table + "." + name);
                return line > 0 ? line : tableLine;
            });
            matches.addAll(found);
            for (String name : environment.keySet()) {
                int own = lines.lineOf(table + "." + name);
                int line = own > 0 ? own : tableLine;
                for (int l = line; line > 0 && l <= lines.lastLineOf(line); l++) {
                    judged.add(l);
                }
            }
        });
        for (TextScan.Hit hit : TextScan.scan(toml, false)) {
            if (!judged.contains(hit.line())) {
                matches.add(new SecretMatch(hit.kind(), where, hit.line(), "", hit.hint()));
            }
        }
        matches.sort(Comparator.comparingInt(SecretMatch::line));
        return matches;
    }

    /** "function.environment" and each "stage.NAME.environment" with their variables; none when the text is not TOML. */
    private static Map<String, Map<String, String>> environments(String toml) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = TomlTree.read(toml);
        } catch (JacksonException e) {
            return tables; // lamb.toml's loader names the error; the text is still searched for known formats
        }
        add(tables, "function.environment", root.path("function").path("environment"));
        root.path("stage").properties().forEach(stage ->
                add(tables, "stage." + stage.getKey() + ".environment", stage.getValue().path("environment")));
        return tables;
    }

    private static void add(Map<String, Map<String, String>> tables, String table, JsonNode environment) {
        if (!environment.isObject()) {
            return;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        environment.properties().forEach(v -> variables.put(v.getKey(), v.getValue().isValueNode() ? v.getValue().asText() : ""));
        tables.put(table, variables);
    }
}
