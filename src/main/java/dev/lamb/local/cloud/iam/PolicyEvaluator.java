package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.PolicyDecision;

/**
 * IAM's evaluation of identity-based policies for one action on one resource: a statement applies when its Action
 * (or NotAction), Resource (or NotResource) and Condition all do, with {@code *} for any run of characters and
 * {@code ?} for one, actions regardless of case and resources exactly, policy variables in resources replaced
 * ({@link PolicyText}); an explicit Deny wins, then an Allow, else the call is denied implicitly. A statement the local
 * cloud cannot judge (a Condition key or operator, or a variable, it cannot tell: it has few of a request's context
 * keys) never allows, and always denies, so that the local cloud errs towards showing a missing permission rather
 * than hiding one; one that is false on what can be judged does not apply. A document that is not JSON allows nothing.
 */
public final class PolicyEvaluator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyEvaluator() {}

    /**
     * What the documents (raw JSON, as PutRolePolicy and CreatePolicy take them) say of the action in the call.
     */
    static PolicyDecision decide(List<String> documents, IamAction request, RequestContext context) {
        return decide(documents, statement -> true, request, context);
    }

    /**
     * What a resource-based policy (as GetPolicy returns it) says of an anonymous caller's call: only its statements
     * for Principal {@code *} count, judged with the context keys the call has ({@code keys}, by name) and those it is
     * known to lack ({@code absent}); a Condition on any other key cannot be judged, so such a statement allows nothing.
     */
    public static PolicyDecision decideForAnyone(String resourcePolicy, IamAction request, Map<String, String> keys, Set<String> absent) {
        return decide(List.of(resourcePolicy), PolicyEvaluator::forEveryone, request, RequestContext.of(keys, absent));
    }

    private static PolicyDecision decide(List<String> documents, Predicate<JsonNode> principal, IamAction request,
            RequestContext context) {
        boolean allowed = false;
        for (String document : documents) {
            JsonNode root = parse(document);
            // Policy variables exist from the policy language of 2012-10-17; before, "${...}" is plain text.
            RequestContext variables = root.path("Version").asText().equals("2012-10-17") ? context : null;
            for (JsonNode statement : statements(root).stream().filter(principal).toList()) {
                boolean deny = statement.path("Effect").asText().equals("Deny");
                // A statement that cannot be judged counts as applying for a Deny and not for an Allow.
                boolean applies = applies(statement, request, context, variables).orElse(deny);
                if (deny && applies) {
                    return PolicyDecision.DENIED;
                }
                allowed |= applies && statement.path("Effect").asText().equals("Allow");
            }
        }
        return allowed ? PolicyDecision.ALLOWED : PolicyDecision.NOT_ALLOWED;
    }

    /** Principal {@code *} or {@code {"AWS": "*"}}: everyone, anonymous callers included (IAM User Guide, "Principal"). */
    private static boolean forEveryone(JsonNode statement) {
        JsonNode principal = statement.path("Principal");
        return principal.asText().equals("*") || principal.path("AWS").asText().equals("*");
    }

    private static JsonNode parse(String document) {
        try {
            JsonNode root = JSON.readTree(document);
            return root == null ? JSON.createObjectNode() : root;
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static List<JsonNode> statements(JsonNode root) {
        JsonNode statement = root.get("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (statement != null && statement.isArray()) {
            statement.forEach(out::add);
        } else if (statement != null && statement.isObject()) {
            out.add(statement);
        }
        return out;
    }

    /** Whether the statement applies to the call: its action, resource and condition all do; empty when unjudgeable. */
    private static Optional<Boolean> applies(JsonNode statement, IamAction request, RequestContext context, RequestContext variables) {
        if (!matches(statement, "Action", "NotAction", request.action(), true, null).orElse(false)) {
            return Optional.of(false);
        }
        Optional<Boolean> resource = matches(statement, "Resource", "NotResource", request.resource(), false, variables);
        if (resource.isPresent() && !resource.get()) {
            return resource;
        }
        Optional<Boolean> condition = statement.has("Condition")
                ? PolicyConditions.holds(statement.get("Condition"), context, variables != null) : Optional.of(true);
        if (condition.isPresent() && !condition.get()) {
            return condition;
        }
        return resource.isEmpty() || condition.isEmpty() ? Optional.empty() : Optional.of(true);
    }

    /**
     * Whether the element (or its Not form) covers the value; a statement with neither covers nothing. Empty when a
     * policy variable in it cannot be told here; false when one has no value in the call (the statement is invalid).
     */
    private static Optional<Boolean> matches(JsonNode statement, String element, String notElement, String value,
            boolean ignoreCase, RequestContext variables) {
        boolean not = !statement.has(element);
        JsonNode patterns = not ? statement.get(notElement) : statement.get(element);
        if (patterns == null) {
            return Optional.of(false);
        }
        List<JsonNode> each = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(each::add);
        } else {
            each.add(patterns);
        }
        boolean matched = false;
        boolean unknown = false;
        for (JsonNode pattern : each.stream().filter(JsonNode::isTextual).toList()) {
            PolicyText.Compiled compiled = PolicyText.compile(pattern.asText(), true, ignoreCase, variables);
            switch (compiled.outcome()) {
                case ABSENT -> {
                    return Optional.of(false);
                }
                case UNKNOWN -> unknown = true;
                case PATTERN -> matched |= compiled.matches(value);
            }
        }
        if (matched) {
            return Optional.of(!not);
        }
        return unknown ? Optional.empty() : Optional.of(not);
    }

    /** IAM's wildcards: {@code *} any run of characters (none included), {@code ?} exactly one. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        return PolicyText.compile(pattern, true, ignoreCase, null).matches(value);
    }
}
