package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A statement's Condition, judged as the IAM User Guide's "Conditions with multiple context keys or values" and
 * "Condition operators" give it, where the local cloud knows the keys it names ({@link RequestContext}): the string,
 * ARN, Bool and Null operators, {@code IfExists} or not. The block is an AND of its operators, each an AND of its keys,
 * each key an OR of its values (a NOR for a negated operator: StringNotEquals...). A key the call lacks makes an
 * operator false, a negated one true, an {@code ...IfExists} one true. Any other key or operator (a service's own keys,
 * dates, numbers, IP addresses, ForAnyValue and ForAllValues) cannot be judged here; the block is then unjudgeable
 * (empty) unless a key that can be judged already makes it false.
 */
final class PolicyConditions {
    private record Operator(boolean wildcards, boolean ignoreCase, boolean negated, boolean variables) {}

    // Policy variables go in the string and ARN operators only ("Where you can use policy variables").
    private static final Map<String, Operator> OPERATORS = Map.of(
            "StringEquals", new Operator(false, false, false, true),
            "StringNotEquals", new Operator(false, false, true, true),
            "StringEqualsIgnoreCase", new Operator(false, true, false, true),
            "StringNotEqualsIgnoreCase", new Operator(false, true, true, true),
            "StringLike", new Operator(true, false, false, true),
            "StringNotLike", new Operator(true, false, true, true),
            "ArnEquals", new Operator(true, false, false, true),
            "ArnLike", new Operator(true, false, false, true),
            "ArnNotEquals", new Operator(true, false, true, true),
            "ArnNotLike", new Operator(true, false, true, true));
    private static final Operator BOOL = new Operator(false, true, false, false);

    private PolicyConditions() {}

    /**
     * Whether the Condition holds in the call; empty when it cannot be judged here. With {@code variables} (a policy
     * of Version 2012-10-17), policy variables in its values are replaced; one the call lacks (and gives no default
     * for) makes the block false, as it makes the statement invalid on AWS.
     */
    static Optional<Boolean> holds(JsonNode condition, RequestContext context, boolean variables) {
        boolean unjudgeable = false;
        for (Iterator<Map.Entry<String, JsonNode>> operators = condition.fields(); operators.hasNext();) {
            Map.Entry<String, JsonNode> operator = operators.next();
            boolean ifExists = operator.getKey().endsWith("IfExists");
            String name = ifExists ? operator.getKey().substring(0, operator.getKey().length() - "IfExists".length()) : operator.getKey();
            for (Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields(); keys.hasNext();) {
                Map.Entry<String, JsonNode> key = keys.next();
                Optional<Boolean> one = judge(name, ifExists, key.getKey(), values(key.getValue()), context, variables);
                if (one.isPresent() && !one.get()) {
                    return one;
                }
                unjudgeable |= one.isEmpty();
            }
        }
        return unjudgeable ? Optional.empty() : Optional.of(true);
    }

    private static Optional<Boolean> judge(String operator, boolean ifExists, String key, List<String> values,
            RequestContext context, boolean variables) {
        if (!context.knows(key)) {
            return Optional.empty();
        }
        Optional<String> actual = context.value(key);
        if (operator.equals("Null")) {
            // "true": the key must be absent; "false": present.
            return Optional.of(values.stream().anyMatch((actual.isEmpty() ? "true" : "false")::equalsIgnoreCase));
        }
        if (actual.isEmpty() && ifExists) {
            return Optional.of(true);
        }
        Operator known = operator.equals("Bool") ? BOOL : OPERATORS.get(operator);
        if (known == null) {
            return Optional.empty();
        }
        if (actual.isEmpty()) {
            return Optional.of(known.negated());
        }
        Optional<Boolean> any = anyMatches(values, actual.get(), known, variables ? context : null);
        return known.negated() ? any.map(matched -> !matched) : any;
    }

    /** Whether any value matches; empty when none does and one names a variable the local cloud cannot tell. */
    private static Optional<Boolean> anyMatches(List<String> values, String actual, Operator operator, RequestContext variables) {
        boolean unknown = false;
        for (String value : values) {
            PolicyText.Compiled compiled = PolicyText.compile(value, operator.wildcards(), operator.ignoreCase(),
                    operator.variables() ? variables : null);
            switch (compiled.outcome()) {
                case PATTERN -> {
                    if (compiled.matches(actual)) {
                        return Optional.of(true);
                    }
                }
                case ABSENT -> {
                    return Optional.of(operator.negated());
                }
                case UNKNOWN -> unknown = true;
            }
        }
        return unknown ? Optional.empty() : Optional.of(false);
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
