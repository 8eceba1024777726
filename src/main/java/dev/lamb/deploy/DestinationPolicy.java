package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.DestinationKind;

/**
 * The inline policy of lamb's role that lets Lambda deliver [function.async] records: for each destination, the actions
 * its kind takes ({@link DestinationKind}, from the Lambda developer guide's "Capturing records of Lambda asynchronous
 * invocations"), on exactly that resource.
 */
final class DestinationPolicy {
    static final String NAME = "lamb-async-destinations";

    private DestinationPolicy() {}

    static PolicyDocument allowing(Collection<String> destinations) {
        Map<String, Set<String>> byAction = new TreeMap<>();
        for (String arn : destinations) {
            DestinationKind kind = DestinationKind.of(arn).orElseThrow(() -> new IllegalArgumentException("not a destination: " + arn));
            for (DestinationKind.Grant grant : kind.grants()) {
                byAction.computeIfAbsent(grant.action(), a -> new TreeSet<>()).add(grant.resource().apply(arn));
            }
        }
        List<ObjectNode> statements = new ArrayList<>();
        byAction.forEach((action, resources) -> {
            ObjectNode statement = PolicyDocument.object().put("Effect", "Allow").put("Action", action);
            resources.forEach(statement.putArray("Resource")::add);
            statements.add(statement);
        });
        return PolicyDocument.of(statements);
    }
}
