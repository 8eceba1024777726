package dev.lamb.deploy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The inline policy of lamb's role that lets Lambda deliver [function.async] records: for each destination, the one
 * action its service takes (the Lambda developer guide's "Adding a destination"), on exactly that ARN.
 */
record DestinationPolicy(JsonNode document) {
    static final String NAME = "lamb-async-destinations";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ACTIONS = Map.of("lambda", "lambda:InvokeFunction", "sqs", "sqs:SendMessage",
            "sns", "sns:Publish", "events", "events:PutEvents");

    static DestinationPolicy allowing(Collection<String> destinations) {
        Map<String, List<String>> byAction = new TreeMap<>();
        for (String arn : destinations) {
            String action = ACTIONS.get(arn.split(":", -1)[2]);
            byAction.computeIfAbsent(action, a -> new ArrayList<>()).add(arn);
        }
        ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        byAction.forEach((action, arns) -> {
            ObjectNode statement = statements.addObject().put("Effect", "Allow").put("Action", action);
            ArrayNode resources = statement.putArray("Resource");
            arns.stream().sorted().forEach(resources::add);
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
