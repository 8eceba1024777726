package dev.lamb.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.deploy.PolicyDocument;

/**
 * One statement of an IAM policy (a role's, or a function's resource policy), as the rules read it: the lists of
 * actions, resources and principals whichever form the document used (a string or a list), and the condition keys.
 * {@code notAction} / {@code notResource} say the statement named what it does NOT apply to, which is wider still.
 */
record PolicyStatement(int index, String sid, boolean allow, List<String> actions, boolean notAction, List<String> resources,
        boolean notResource, List<String> principals, List<String> servicePrincipals, Set<String> conditionKeys) {

    /** The statements of a policy document as AWS returns it (read by {@link PolicyDocument#statements}). */
    static List<PolicyStatement> parse(String document) {
        List<PolicyStatement> out = new ArrayList<>();
        List<JsonNode> each = PolicyDocument.statements(document);
        for (int i = 0; i < each.size(); i++) {
            out.add(of(i + 1, each.get(i)));
        }
        return out;
    }

    private static PolicyStatement of(int index, JsonNode s) {
        boolean notAction = s.has("NotAction");
        boolean notResource = s.has("NotResource");
        JsonNode principal = s.has("Principal") ? s.path("Principal") : s.path("NotPrincipal");
        List<String> principals = new ArrayList<>();
        List<String> services = new ArrayList<>();
        if (principal.isTextual()) {
            principals.add(principal.asText());
        } else {
            principals.addAll(strings(principal.path("AWS")));
            principals.addAll(strings(principal.path("CanonicalUser")));
            principals.addAll(strings(principal.path("Federated")));
            services.addAll(strings(principal.path("Service")));
        }
        Set<String> keys = new TreeSet<>();
        for (JsonNode operator : s.path("Condition")) {
            for (Iterator<String> names = operator.fieldNames(); names.hasNext(); ) {
                keys.add(names.next().toLowerCase(Locale.ROOT));
            }
        }
        return new PolicyStatement(index, s.path("Sid").asText(""), "Allow".equals(s.path("Effect").asText()),
                strings(s.path(notAction ? "NotAction" : "Action")), notAction, strings(s.path(notResource ? "NotResource" : "Resource")),
                notResource, principals, services, keys);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** Whether a condition tests one of these keys (case-insensitive, as IAM compares them). */
    boolean conditions(String... keys) {
        for (String key : keys) {
            if (conditionKeys.contains(key.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** How a finding names this statement: its Sid, else its place in the document. */
    String label() {
        return sid.isEmpty() ? "statement " + index : "statement " + sid;
    }
}
