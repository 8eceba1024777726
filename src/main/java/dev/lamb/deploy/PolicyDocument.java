package dev.lamb.deploy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.JsonTrees;

/**
 * An IAM policy document of lamb's role (an inline policy, or the trust policy), compared as JSON: two documents are
 * the same policy when their JSON is equal, whatever the spacing IAM gives it back with. Also the one reader of a
 * document as AWS returns it, for deploy and audit ({@link #statements}).
 */
public record PolicyDocument(JsonNode document) {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A document of Version 2012-10-17 with these statements, in this order. */
    static PolicyDocument of(List<ObjectNode> statements) {
        ObjectNode doc = JSON.objectNode().put("Version", "2012-10-17");
        doc.putArray("Statement").addAll(statements);
        return new PolicyDocument(doc);
    }

    /** A statement allowing (or denying) these actions on these resources, each element a list as IAM accepts it. */
    static ObjectNode statement(String effect, List<String> actions, List<String> resources) {
        ObjectNode statement = JSON.objectNode().put("Effect", effect);
        actions.forEach(statement.putArray("Action")::add);
        resources.forEach(statement.putArray("Resource")::add);
        return statement;
    }

    /**
     * Equal JSON, as the record's own equals compares; written out because the generated one is linked at its first call by
     * ObjectMethods' bootstrap (some twenty method-handle classes spun), on every deploy's main thread after its reads.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyDocument other && document.equals(other.document);
    }

    @Override
    public int hashCode() {
        return document.hashCode();
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    /** A document as IAM returns it: URL-encoded on AWS, plain from some emulators and from Lambda's GetPolicy. */
    static PolicyDocument parse(String document) {
        if (document == null || document.isBlank()) {
            return new PolicyDocument(JSON.objectNode());
        }
        String text = document.strip().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        try {
            return new PolicyDocument(JsonTrees.read(text));
        } catch (IOException e) {
            return new PolicyDocument(JSON.objectNode());
        }
    }

    /**
     * The statements of a document as AWS returns it (see {@link #parse}), a lone statement object as a list of one;
     * none when the document is empty or not JSON, since such a document grants nothing.
     */
    public static List<JsonNode> statements(String document) {
        return parse(document).statements();
    }

    /** This document's statements, a lone statement object as a list of one. */
    List<JsonNode> statements() {
        JsonNode statement = document.path("Statement");
        List<JsonNode> statements = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(statements::add);
        } else if (statement.isObject()) {
            statements.add(statement);
        }
        return statements;
    }

    /** "allow sqs:SendMessage on arn:aws:sqs:...; deny s3:DeleteObject on ...", for the plan. */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (JsonNode s : document.path("Statement")) {
            String effect = s.path("Effect").asText().equals("Deny") ? "deny " : "allow ";
            parts.add(effect + String.join(", ", texts(s.path("Action"))) + " on " + String.join(", ", texts(s.path("Resource"))));
        }
        return String.join("; ", parts);
    }

    String json() {
        return document.toString();
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else if (!node.isMissingNode()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
