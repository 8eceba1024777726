package dev.lamb.local.cloud.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JSON filter pattern, {@code { $.level = "error" && ($.n > 3 || $.a.b[0] = *) }}: comparisons of the
 * values that selectors pick out of an event that is a JSON object, {@code IS NULL}, {@code IS TRUE},
 * {@code IS FALSE} and {@code NOT EXISTS}, joined by {@code &&} (binding first) and {@code ||}, in parentheses.
 * An event that is not JSON never matches, and a comparison of a field the event lacks (or that holds an object,
 * an array or null) is false, {@code !=} included: {@code NOT EXISTS} and {@code IS NULL} ask for those.
 */
final class JsonFilterPattern {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFilterPattern() {}

    static Predicate<String> parse(String pattern) {
        PatternText text = new PatternText(pattern);
        text.expect("{");
        Predicate<JsonNode> expression = or(text);
        text.expect("}");
        if (text.peek().kind() != PatternText.Kind.END) {
            throw text.invalid("nothing may follow the closing } " + text.where(text.peek()));
        }
        return message -> {
            JsonNode event = event(message);
            return event != null && expression.test(event);
        };
    }

    private static JsonNode event(String message) {
        String s = message.strip();
        if (!s.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    private static Predicate<JsonNode> or(PatternText text) {
        return text.orOfAnds(() -> term(text));
    }

    private static Predicate<JsonNode> term(PatternText text) {
        if (text.takeIf("(")) {
            Predicate<JsonNode> inner = or(text);
            text.expect(")");
            return inner;
        }
        PatternText.Token selector = text.take();
        if (selector.kind() != PatternText.Kind.WORD || !selector.text().startsWith("$")) {
            throw text.invalid("expected a selector such as $.field " + text.where(selector));
        }
        List<Object> path = path(text, selector);
        if (text.takeWord("IS")) {
            boolean not = text.takeWord("NOT");
            if (text.takeWord("NULL")) {
                Predicate<JsonNode> isNull = e -> select(e, path) != null && select(e, path).isNull();
                return not ? e -> select(e, path) != null && !select(e, path).isNull() : isNull;
            }
            if (!not && text.takeWord("TRUE")) {
                return e -> select(e, path) != null && select(e, path).isBoolean() && select(e, path).asBoolean();
            }
            if (!not && text.takeWord("FALSE")) {
                return e -> select(e, path) != null && select(e, path).isBoolean() && !select(e, path).asBoolean();
            }
            throw text.invalid("expected NULL, TRUE or FALSE after IS " + text.where(text.peek()));
        }
        if (text.takeWord("NOT")) {
            if (!text.takeWord("EXISTS")) {
                throw text.invalid("expected EXISTS after NOT " + text.where(text.peek()));
            }
            return e -> select(e, path) == null;
        }
        PatternText.Token operator = text.take();
        if (!ValueTest.isOperator(operator)) {
            throw text.invalid("expected =, !=, <, >, <=, >=, IS or NOT EXISTS after " + selector.text() + " "
                    + text.where(operator));
        }
        ValueTest test = ValueTest.read(text, operator.text());
        return e -> {
            JsonNode value = select(e, path);
            return value != null && value.isValueNode() && !value.isNull() && test.test(value.asText(), value.isNumber());
        };
    }

    /** The steps of $.a.b[0]: names and indexes. */
    private static List<Object> path(PatternText text, PatternText.Token selector) {
        String s = selector.text();
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != '.' && s.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw text.invalid("the selector " + s + " has an empty name");
                }
                steps.add(s.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = s.indexOf(']', i);
                if (end < 0 || !s.substring(i + 1, end).matches("\\d+")) {
                    throw text.invalid("the selector " + s + " needs an array index such as [0]");
                }
                steps.add(Integer.valueOf(s.substring(i + 1, end)));
                i = end + 1;
            } else {
                throw text.invalid("the selector " + s + " must go on with .name or [index] after $");
            }
        }
        if (steps.isEmpty()) {
            throw text.invalid("the selector $ names no field");
        }
        return steps;
    }

    /** The node the path leads to, or null when it leads nowhere. */
    private static JsonNode select(JsonNode event, List<Object> path) {
        JsonNode node = event;
        for (Object step : path) {
            node = step instanceof Integer index ? (node.isArray() ? node.get(index) : null)
                    : (node.isObject() ? node.get((String) step) : null);
            if (node == null) {
                return null;
            }
        }
        return node;
    }
}
