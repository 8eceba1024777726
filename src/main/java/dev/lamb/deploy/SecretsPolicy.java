package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * lamb's role's inline policy {@value #NAME}: for each stage, exactly secretsmanager:GetSecretValue on its secrets' ARNs,
 * ssm:GetParameter on its parameters' ARNs and kms:Decrypt on the customer managed keys that encrypt them, one statement
 * per action, no wildcard. Every stage shares the role, so each statement's Sid names its stage, and a deploy of one stage
 * replaces that stage's statements only.
 */
record SecretsPolicy(List<JsonNode> statements) {
    static final String NAME = DeployNames.SECRETS_POLICY;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Sid suffix per action: none is a suffix of another, so that no two stages' Sids can be the same. */
    private static final Map<String, String> SUFFIXES = Map.of("secretsmanager:GetSecretValue", "Secrets",
            "ssm:GetParameter", "Parameters", "kms:Decrypt", "Keys");

    static SecretsPolicy none() {
        return new SecretsPolicy(List.of());
    }

    /** A document as IAM returns it (see {@link PolicyDocument#parse}). */
    static SecretsPolicy parse(String document) {
        return of(PolicyDocument.parse(document));
    }

    static SecretsPolicy of(PolicyDocument document) {
        return new SecretsPolicy(List.copyOf(document.statements()));
    }

    /** This policy with {@code stage}'s statements replaced by those {@code secrets} need (none when empty). */
    SecretsPolicy withStage(String stage, Collection<ResolvedSecret> secrets) {
        Map<String, Set<String>> byAction = new TreeMap<>();
        for (ResolvedSecret secret : secrets) {
            byAction.computeIfAbsent(secret.action(), a -> new TreeSet<>()).add(secret.arn());
            secret.keyArn().ifPresent(key -> byAction.computeIfAbsent("kms:Decrypt", a -> new TreeSet<>()).add(key));
        }
        List<JsonNode> out = new ArrayList<>(withoutStage(stage).statements);
        byAction.forEach((action, resources) -> {
            ObjectNode statement = JSON.objectNode().put("Sid", sid(stage, action)).put("Effect", "Allow").put("Action", action);
            ArrayNode arns = statement.putArray("Resource");
            resources.forEach(arns::add);
            out.add(statement);
        });
        return new SecretsPolicy(List.copyOf(out));
    }

    /** This policy without {@code stage}'s statements. */
    SecretsPolicy withoutStage(String stage) {
        Set<String> sids = new TreeSet<>();
        SUFFIXES.keySet().forEach(action -> sids.add(sid(stage, action)));
        return new SecretsPolicy(statements.stream().filter(s -> !sids.contains(s.path("Sid").asText())).toList());
    }

    boolean hasStage(String stage) {
        return withoutStage(stage).statements.size() != statements.size();
    }

    /** The same statements, in whatever order: the policy need not be written again. */
    boolean sameAs(SecretsPolicy other) {
        return Set.copyOf(statements).equals(Set.copyOf(other.statements));
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    /**
     * A statement id of a stage: IAM's Sids are letters and digits only, and a stage name may hold '_', so 'X' is written
     * "XX" and '_' "XU", which keeps two stages' ids apart.
     */
    static String sid(String stage, String action) {
        return stage.replace("X", "XX").replace("_", "XU") + SUFFIXES.get(action);
    }

    /** "secretsmanager:GetSecretValue on arn:...; ssm:GetParameter on arn:..." of {@code stage}'s statements, for the plan. */
    String describe(String stage) {
        List<String> parts = new ArrayList<>();
        for (JsonNode s : statements) {
            if (!SUFFIXES.keySet().stream().map(a -> sid(stage, a)).toList().contains(s.path("Sid").asText())) {
                continue;
            }
            List<String> arns = new ArrayList<>();
            s.path("Resource").forEach(r -> arns.add(r.asText()));
            parts.add(s.path("Action").asText() + " on " + String.join(", ", arns));
        }
        return String.join("; ", parts);
    }

    String json() {
        ObjectNode doc = JSON.objectNode().put("Version", "2012-10-17");
        ArrayNode out = doc.putArray("Statement");
        statements.forEach(out::add);
        return doc.toString();
    }
}
