package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A statement's Condition, judged as IAM judges it where the local cloud knows the context keys it names: the
 * global keys of a role session's call ({@code aws:RequestedRegion}, {@code aws:PrincipalArn} (the role's ARN),
 * {@code aws:PrincipalAccount}, {@code aws:PrincipalType}, {@code aws:SecureTransport}) with the string, ARN, Bool
 * and Null operators, {@code IfExists} or not. Every operator and key must hold; a key holds when its value matches
 * any of the listed ones, or for a negated operator (StringNotEquals...) none. Any other key or operator (a service's
 * own keys, dates, numbers, IP addresses, ForAnyValue and ForAllValues) cannot be judged here: empty.
 */
final class PolicyConditions {
    private PolicyConditions() {}

    /** The context keys of a role session's call, by lower-case name (condition keys are not case-sensitive). */
    static Map<String, String> context(String roleArn, String region) {
        // Calls to AWS go over TLS; the local cloud's plain HTTP stands in for it.
        return Map.of("aws:requestedregion", region, "aws:principalarn", roleArn, "aws:principalaccount", IamService.ACCOUNT,
                "aws:principaltype", "AssumedRole", "aws:securetransport", "true");
    }

    /** Whether the Condition holds in the context; empty when it names what cannot be judged here. */
    static Optional<Boolean> holds(JsonNode condition, Map<String, String> context) {
        boolean holds = true;
        for (Iterator<Map.Entry<String, JsonNode>> operators = condition.fields(); operators.hasNext();) {
            Map.Entry<String, JsonNode> operator = operators.next();
            String name = operator.getKey().endsWith("IfExists")
                    ? operator.getKey().substring(0, operator.getKey().length() - "IfExists".length()) : operator.getKey();
            for (Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields(); keys.hasNext();) {
                Map.Entry<String, JsonNode> key = keys.next();
                String actual = context.get(key.getKey().toLowerCase(Locale.ROOT));
                Optional<Boolean> one = actual == null ? Optional.empty() : judge(name, actual, values(key.getValue()));
                if (one.isEmpty()) {
                    return Optional.empty();
                }
                holds &= one.get();
            }
        }
        return Optional.of(holds);
    }

    private static Optional<Boolean> judge(String operator, String actual, List<String> values) {
        return switch (operator) {
            case "StringEquals" -> Optional.of(values.contains(actual));
            case "StringNotEquals" -> Optional.of(!values.contains(actual));
            case "StringEqualsIgnoreCase" -> Optional.of(values.stream().anyMatch(actual::equalsIgnoreCase));
            case "StringNotEqualsIgnoreCase" -> Optional.of(values.stream().noneMatch(actual::equalsIgnoreCase));
            case "StringLike", "ArnEquals", "ArnLike" -> Optional.of(anyLike(values, actual));
            case "StringNotLike", "ArnNotEquals", "ArnNotLike" -> Optional.of(!anyLike(values, actual));
            case "Bool" -> Optional.of(values.stream().anyMatch(actual::equalsIgnoreCase));
            // The keys judged here are in every role session's call.
            case "Null" -> Optional.of(values.stream().anyMatch("false"::equalsIgnoreCase));
            default -> Optional.empty();
        };
    }

    private static boolean anyLike(List<String> patterns, String actual) {
        return patterns.stream().anyMatch(p -> PolicyEvaluator.wildcard(p, actual, false));
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
