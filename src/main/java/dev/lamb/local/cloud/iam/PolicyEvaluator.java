package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.PolicyDecision;

/**
 * IAM's evaluation of identity-based policies for one action on one resource: a statement applies when its Action
 * (or NotAction) and Resource (or NotResource) match, with {@code *} for any run of characters and {@code ?} for one,
 * actions regardless of case and resources exactly; an explicit Deny wins, then an Allow, else the call is denied
 * implicitly. A Condition is judged where {@link PolicyConditions} knows its keys and operators; one it cannot judge
 * (the local cloud has few of a request's context keys) never allows, and always denies, so that the local cloud
 * errs towards showing a missing permission rather than hiding one. A document that is not JSON allows nothing.
 */
public final class PolicyEvaluator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyEvaluator() {}

    /**
     * What the documents (raw JSON, as PutRolePolicy and CreatePolicy take them) say of the action, in the context of
     * the call (condition keys by lower-case name).
     */
    public static PolicyDecision decide(List<String> documents, IamAction request, Map<String, String> context) {
        boolean allowed = false;
        for (String document : documents) {
            for (JsonNode statement : statements(document)) {
                if (!applies(statement, request)) {
                    continue;
                }
                String effect = statement.path("Effect").asText();
                boolean deny = effect.equals("Deny");
                // A condition that cannot be judged counts as met by a Deny and unmet by an Allow.
                boolean met = !statement.has("Condition") || PolicyConditions.holds(statement.get("Condition"), context).orElse(deny);
                if (deny && met) {
                    return PolicyDecision.DENIED;
                }
                allowed |= effect.equals("Allow") && met;
            }
        }
        return allowed ? PolicyDecision.ALLOWED : PolicyDecision.NOT_ALLOWED;
    }

    private static List<JsonNode> statements(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return List.of();
        }
        JsonNode statement = root == null ? null : root.get("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (statement != null && statement.isArray()) {
            statement.forEach(out::add);
        } else if (statement != null && statement.isObject()) {
            out.add(statement);
        }
        return out;
    }

    private static boolean applies(JsonNode statement, IamAction request) {
        return matches(statement, "Action", "NotAction", request.action(), true)
                && matches(statement, "Resource", "NotResource", request.resource(), false);
    }

    /** Whether the element (or its Not form) covers the value; a statement with neither covers nothing. */
    private static boolean matches(JsonNode statement, String element, String notElement, String value, boolean ignoreCase) {
        if (statement.has(element)) {
            return anyMatches(statement.get(element), value, ignoreCase);
        }
        if (statement.has(notElement)) {
            return !anyMatches(statement.get(notElement), value, ignoreCase);
        }
        return false;
    }

    private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
        List<JsonNode> each = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(each::add);
        } else {
            each.add(patterns);
        }
        return each.stream().filter(JsonNode::isTextual).anyMatch(p -> wildcard(p.asText(), value, ignoreCase));
    }

    /** IAM's wildcards: {@code *} any run of characters (none included), {@code ?} exactly one. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }
}
