package dev.lamb.local.cloud.logs;

import java.util.ArrayList;
import java.util.List;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * A CloudWatch Logs filter pattern for unstructured events: terms (all must occur, case-sensitive),
 * "quoted phrases", {@code -term} exclusions, and {@code ?a ?b} alternatives (any must occur). JSON
 * ({@code { $.x = ... }}) and space-delimited ({@code [a, b]}) patterns are not implemented and say so.
 */
final class FilterPattern {
    private final List<String> required = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();
    private final List<String> alternatives = new ArrayList<>();

    private FilterPattern() {}

    static FilterPattern parse(String pattern) {
        FilterPattern p = new FilterPattern();
        if (pattern == null) {
            return p;
        }
        String text = pattern.trim();
        if (text.startsWith("{") || text.startsWith("[")) {
            throw AwsServiceException.notImplemented("CloudWatch Logs",
                    "JSON and space-delimited filter patterns (" + text + ")");
        }
        if (text.startsWith("%")) {
            throw AwsServiceException.notImplemented("CloudWatch Logs", "regular-expression filter patterns (" + text + ")");
        }
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            char kind = ' ';
            if (c == '?' || c == '-') {
                kind = c;
                i++;
                if (i >= text.length()) {
                    throw invalid(pattern);
                }
            }
            String term;
            if (text.charAt(i) == '"') {
                int end = i + 1;
                StringBuilder sb = new StringBuilder();
                while (end < text.length() && text.charAt(end) != '"') {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                    }
                    sb.append(text.charAt(end));
                    end++;
                }
                if (end >= text.length()) {
                    throw invalid(pattern);
                }
                term = sb.toString();
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                term = text.substring(i, end);
                i = end;
            }
            switch (kind) {
                case '?' -> p.alternatives.add(term);
                case '-' -> p.excluded.add(term);
                default -> p.required.add(term);
            }
        }
        return p;
    }

    private static AwsServiceException invalid(String pattern) {
        return new AwsServiceException(400, "InvalidParameterException", "Invalid filter pattern: " + pattern);
    }

    boolean matches(String message) {
        for (String term : required) {
            if (!message.contains(term)) {
                return false;
            }
        }
        for (String term : excluded) {
            if (message.contains(term)) {
                return false;
            }
        }
        if (!alternatives.isEmpty()) {
            for (String term : alternatives) {
                if (message.contains(term)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
