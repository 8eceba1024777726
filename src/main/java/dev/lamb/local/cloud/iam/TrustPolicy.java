package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Whether a role's trust policy lets a service principal assume it (sts:AssumeRole), as IAM judges it when the service
 * assumes the role: the statements naming that service in Principal.Service, their Action matched as in any policy and
 * their Condition judged on the context keys the service sets (aws:SourceAccount: the IAM User Guide's "The confused
 * deputy problem"). An explicit Deny wins. A Condition on a key the local cloud cannot tell (the service may set it) is
 * taken as met for an Allow and unmet for a Deny, so that a role is refused only where IAM surely refuses it; a
 * document that is not JSON allows nothing.
 */
final class TrustPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSUME_ROLE = "sts:AssumeRole";
    private static final int CACHED = 256;
    /**
     * Decisions already made: a decision depends on nothing but the document, the service and the keys, and every
     * CreateFunction asks it again of the same few roles (parsing the document was a tenth of the call's CPU).
     */
    private static final Map<Question, Boolean> DECIDED = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Question, Boolean> eldest) {
            return size() > CACHED;
        }
    };

    private record Question(String document, String service, Map<String, String> keys) {}

    private TrustPolicy() {}

    static boolean lets(String document, String service, Map<String, String> keys) {
        Question question = new Question(document, service, Map.copyOf(keys));
        synchronized (DECIDED) {
            Boolean known = DECIDED.get(question);
            if (known != null) {
                return known;
            }
        }
        boolean decided = decide(document, service, keys);
        synchronized (DECIDED) {
            DECIDED.put(question, decided);
        }
        return decided;
    }

    private static boolean decide(String document, String service, Map<String, String> keys) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return false;
        }
        if (root == null) {
            return false;
        }
        RequestContext context = RequestContext.of(keys, Set.of());
        boolean variables = root.path("Version").asText().equals("2012-10-17");
        boolean allowed = false;
        for (JsonNode statement : each(root.path("Statement"))) {
            if (!texts(statement.path("Principal").path("Service")).contains(service)
                    || texts(statement.path("Action")).stream().noneMatch(a -> PolicyEvaluator.wildcard(a, ASSUME_ROLE, true))) {
                continue;
            }
            boolean deny = statement.path("Effect").asText().equals("Deny");
            Optional<Boolean> condition = statement.has("Condition")
                    ? PolicyConditions.holds(statement.get("Condition"), context, variables) : Optional.of(true);
            boolean applies = condition.orElse(!deny);
            if (deny && applies) {
                return false;
            }
            allowed |= applies && statement.path("Effect").asText().equals("Allow");
        }
        return allowed;
    }

    private static List<JsonNode> each(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (node.isObject()) {
            out.add(node);
        }
        return out;
    }

    /** An element's values: one string, or an array of them. */
    private static List<String> texts(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
