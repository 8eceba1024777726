package dev.lamb.local.cloud.xray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * The part of X-Ray's filter expression language the local cloud understands: {@code service("name")}
 * (and {@code service()} for any), the flags {@code ok}, {@code error}, {@code fault}, {@code throttle},
 * {@code partial}, comparisons of {@code duration} and {@code responsetime} with a number of seconds,
 * {@code annotation.key = value}, combined with {@code AND}, {@code OR}, {@code NOT}/{@code !} and
 * parentheses. Anything else is refused with InvalidRequestException naming what is not supported.
 */
final class FilterExpression {
    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private int pos;

    private FilterExpression(String text) {
        this.text = text;
    }

    static Predicate<TraceView> parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return t -> true;
        }
        FilterExpression parser = new FilterExpression(expression);
        parser.tokenize();
        Predicate<TraceView> p = parser.or();
        if (parser.pos < parser.tokens.size()) {
            throw parser.invalid("unexpected '" + parser.tokens.get(parser.pos) + "'");
        }
        return p;
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = i + 1;
                StringBuilder s = new StringBuilder("\"");
                while (end < text.length() && text.charAt(end) != '"') {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                    }
                    s.append(text.charAt(end++));
                }
                if (end >= text.length()) {
                    throw invalid("unterminated string");
                }
                tokens.add(s.toString());
                i = end + 1;
            } else if ("()!,".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else if ("<>=&|".indexOf(c) >= 0) {
                int end = i + 1;
                while (end < text.length() && "<>=&|".indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                        && "()!,\"<>=&|".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
        }
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String next() {
        if (pos >= tokens.size()) {
            throw invalid("the expression ends too early");
        }
        return tokens.get(pos++);
    }

    private void expect(String token) {
        String t = next();
        if (!t.equals(token)) {
            throw invalid("expected '" + token + "' but found '" + t + "'");
        }
    }

    private Predicate<TraceView> or() {
        Predicate<TraceView> left = and();
        while (peek() != null && (peek().equalsIgnoreCase("OR") || peek().equals("||"))) {
            next();
            left = left.or(and());
        }
        return left;
    }

    private Predicate<TraceView> and() {
        Predicate<TraceView> left = unary();
        while (peek() != null && (peek().equalsIgnoreCase("AND") || peek().equals("&&"))) {
            next();
            left = left.and(unary());
        }
        return left;
    }

    private Predicate<TraceView> unary() {
        String t = peek();
        if (t != null && (t.equals("!") || t.equalsIgnoreCase("NOT"))) {
            next();
            return unary().negate();
        }
        if ("(".equals(t)) {
            next();
            Predicate<TraceView> inner = or();
            expect(")");
            return inner;
        }
        return atom();
    }

    private Predicate<TraceView> atom() {
        String word = next();
        String keyword = word.toLowerCase(Locale.ROOT);
        switch (keyword) {
            case "ok":
                return TraceView::ok;
            case "error":
                return t -> t.hasError;
            case "fault":
                return t -> t.hasFault;
            case "throttle":
                return t -> t.hasThrottle;
            case "partial":
                return t -> t.partial;
            case "duration": {
                Comparison c = comparison();
                return t -> c.test(t.duration());
            }
            case "responsetime": {
                Comparison c = comparison();
                return t -> c.test(t.responseTime);
            }
            case "service": {
                expect("(");
                if (")".equals(peek())) {
                    next();
                    return t -> true;
                }
                String name = next();
                if (!name.startsWith("\"")) {
                    throw unsupported("service(" + name + " ...)");
                }
                expect(")");
                String wanted = name.substring(1);
                return t -> t.serviceSegments().stream().anyMatch(s -> s.path("name").asText().equals(wanted));
            }
            default:
                if (keyword.startsWith("annotation.") || keyword.startsWith("annotation[")) {
                    String key = word.substring("annotation".length() + 1).replaceAll("[\\[\\]\"]", "");
                    String op = next();
                    String value = next();
                    if (!op.equals("=") && !op.equals("!=")) {
                        throw unsupported("annotation comparison '" + op + "'");
                    }
                    Predicate<TraceView> p = t -> t.annotations().getOrDefault(key, List.of()).stream()
                            .anyMatch(v -> matches(v, value));
                    return op.equals("=") ? p : p.negate();
                }
                throw unsupported("'" + word + "'");
        }
    }

    private static boolean matches(JsonNode annotation, String literal) {
        if (literal.startsWith("\"")) {
            return annotation.isTextual() && annotation.asText().equals(literal.substring(1));
        }
        if (literal.equals("true") || literal.equals("false")) {
            return annotation.isBoolean() && annotation.asBoolean() == Boolean.parseBoolean(literal);
        }
        try {
            return annotation.isNumber() && annotation.asDouble() == Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private interface Comparison {
        boolean test(double value);
    }

    private Comparison comparison() {
        String op = next();
        String number = next();
        double n;
        try {
            n = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw invalid("expected a number of seconds but found '" + number + "'");
        }
        return switch (op) {
            case "<" -> v -> v < n;
            case "<=" -> v -> v <= n;
            case ">" -> v -> v > n;
            case ">=" -> v -> v >= n;
            case "=" -> v -> v == n;
            case "!=" -> v -> v != n;
            default -> throw invalid("unknown comparison '" + op + "'");
        };
    }

    private AwsServiceException invalid(String why) {
        return new AwsServiceException(400, "InvalidRequestException",
                "Invalid filter expression '" + text + "': " + why);
    }

    private AwsServiceException unsupported(String what) {
        return new AwsServiceException(400, "InvalidRequestException", "lamb's local cloud does not support " + what
                + " in filter expressions yet (supported: service(\"name\"), ok, error, fault, throttle, partial, "
                + "duration, responsetime, annotation.key = value, AND, OR, NOT, parentheses)");
    }
}
