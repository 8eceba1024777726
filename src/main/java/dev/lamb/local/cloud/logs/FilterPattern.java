package dev.lamb.local.cloud.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * A CloudWatch Logs filter pattern, as its "Filter pattern syntax" defines them: a JSON pattern
 * ({@link JsonFilterPattern}), a space-delimited one ({@link SpaceDelimitedPattern}), a {@code %regular
 * expression%}, or terms for unstructured events: terms (all must occur, case-sensitive), "quoted phrases",
 * {@code -term} exclusions, and {@code ?a ?b} alternatives (any must occur).
 */
final class FilterPattern {
    private final List<String> required = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();
    private final List<String> alternatives = new ArrayList<>();
    private Predicate<String> structured;

    private FilterPattern() {}

    static FilterPattern parse(String pattern) {
        FilterPattern p = new FilterPattern();
        if (pattern == null) {
            return p;
        }
        String text = pattern.trim();
        if (text.startsWith("{")) {
            p.structured = JsonFilterPattern.parse(text);
            return p;
        }
        if (text.startsWith("[")) {
            p.structured = SpaceDelimitedPattern.parse(text);
            return p;
        }
        if (text.startsWith("%")) {
            p.structured = regex(text);
            return p;
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

    private static Predicate<String> regex(String text) {
        if (text.length() < 2 || !text.endsWith("%")) {
            throw invalid(text);
        }
        try {
            Pattern regex = Pattern.compile(text.substring(1, text.length() - 1));
            return message -> regex.matcher(message).find();
        } catch (PatternSyntaxException e) {
            throw invalid(text);
        }
    }

    boolean matches(String message) {
        if (structured != null) {
            return structured.test(message);
        }
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
