package dev.lamb.deploy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.DestinationKind;

/**
 * The inline policy of lamb's role that lets Lambda deliver [function.async] records: for each destination, the actions
 * its kind takes ({@link DestinationKind}, from the Lambda developer guide's "Capturing records of Lambda asynchronous
 * invocations"), on exactly that resource.
 */
record DestinationPolicy(JsonNode document) {
    static final String NAME = "lamb-async-destinations";
    private static final ObjectMapper JSON = new ObjectMapper();

    static DestinationPolicy allowing(Collection<String> destinations) {
        Map<String, Set<String>> byAction = new TreeMap<>();
        for (String arn : destinations) {
            DestinationKind kind = DestinationKind.of(arn).orElseThrow(() -> new IllegalArgumentException("not a destination: " + arn));
            for (DestinationKind.Grant grant : kind.grants()) {
                byAction.computeIfAbsent(grant.action(), a -> new TreeSet<>()).add(grant.resource().apply(arn));
            }
        }
        ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        byAction.forEach((action, resources) -> {
            ObjectNode statement = statements.addObject().put("Effect", "Allow").put("Action", action);
            resources.forEach(statement.putArray("Resource")::add);
        });
        return new DestinationPolicy(doc);
    }

    /** A document as IAM returns it: URL-encoded on AWS, plain from some emulators. */
    static DestinationPolicy parse(String document) {
        String text = document.strip().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        try {
            return new DestinationPolicy(JSON.readTree(text));
        } catch (IOException e) {
            return new DestinationPolicy(JSON.createObjectNode());
        }
    }

    /** "sqs:SendMessage on arn:aws:sqs:...; lambda:InvokeFunction on ...", for the plan. */
    String describe() {
        StringBuilder out = new StringBuilder();
        for (JsonNode s : document.path("Statement")) {
            List<String> arns = new ArrayList<>();
            s.path("Resource").forEach(r -> arns.add(r.asText()));
            out.append(out.length() == 0 ? "" : "; ").append(s.path("Action").asText()).append(" on ").append(String.join(", ", arns));
        }
        return out.toString();
    }

    String json() {
        return document.toString();
    }
}
