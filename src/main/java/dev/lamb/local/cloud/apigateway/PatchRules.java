package dev.lamb.local.cloud.apigateway;

import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.badRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * The patch operations (RFC 6902-like, as API Gateway's Update* operations take them: {@code op},
 * {@code path}, {@code value} always a string, {@code from}) that one kind of resource accepts, applied to
 * its JSON form. Each rule names the paths the API Gateway reference lists as patchable for that
 * resource; any other path or op answers 400 BadRequestException, as API Gateway does.
 */
final class PatchRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy");

    /** How a patched value is written: the string as given, or read as a boolean, integer or number. */
    enum Kind { TEXT, BOOLEAN, INTEGER, NUMBER }

    /** One operation of a request's {@code patchOperations}. */
    record Operation(String op, String path, String value, String from) {}

    /** A member a path sets, or under a prefix: an entry of a map, or an item of a list, named by the path's rest. */
    private record Rule(String path, String member, Kind kind, Shape shape, Set<String> ops) {}

    private enum Shape { FIELD, MAP_ENTRY, LIST_ITEM }

    /** Extra paths a resource takes that map onto no single member (a stage's method settings). */
    @FunctionalInterface
    interface Custom {
        /** True when it applied the operation, false when the path is not one of its. */
        boolean apply(ObjectNode target, Operation operation);
    }

    private final List<Rule> rules = new ArrayList<>();
    private Custom custom = (target, operation) -> false;

    /** A member replaced (or added) with the value, and removed only if the reference lets it. */
    PatchRules field(String path, String member, Kind kind, String... ops) {
        rules.add(new Rule(path, member, kind, Shape.FIELD, Set.of(ops.length == 0 ? new String[] {"replace"} : ops)));
        return this;
    }

    /** {@code <prefix>/<key>}: an entry of the map member, added, replaced, removed (and moved or copied). */
    PatchRules mapEntry(String prefix, String member, Kind kind) {
        rules.add(new Rule(prefix, member, kind, Shape.MAP_ENTRY, Set.of("add", "replace", "remove", "move", "copy")));
        return this;
    }

    /** {@code <prefix>/<item>}: an item of the list member, added or removed. */
    PatchRules listItem(String prefix, String member) {
        rules.add(new Rule(prefix, member, Kind.TEXT, Shape.LIST_ITEM, Set.of("add", "remove")));
        return this;
    }

    PatchRules custom(Custom custom) {
        this.custom = custom;
        return this;
    }

    /** The request's patch operations, each checked for an op and a path. */
    static List<Operation> operations(JsonNode body) {
        List<Operation> operations = new ArrayList<>();
        for (JsonNode node : body.path("patchOperations")) {
            String op = node.path("op").asText("");
            if (!OPS.contains(op)) {
                throw badRequest("Invalid patch operation specified. Must be one of: [add, remove, move, test, replace, copy]");
            }
            String path = node.path("path").asText("");
            if (!path.startsWith("/")) {
                throw badRequest("Invalid patch path '" + path + "'");
            }
            operations.add(new Operation(op, path, node.hasNonNull("value") ? node.get("value").asText() : null,
                    node.hasNonNull("from") ? node.get("from").asText() : null));
        }
        return operations;
    }

    /** The value with the body's patch operations applied in order; the value itself is left as it was. */
    <T> T apply(T value, Class<T> type, JsonNode body) {
        ObjectNode target = JSON.valueToTree(value);
        for (Operation operation : operations(body)) {
            apply(target, operation);
        }
        try {
            return JSON.treeToValue(target, type);
        } catch (Exception e) {
            throw badRequest("Invalid patch value: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void apply(ObjectNode target, Operation operation) {
        if (operation.op().equals("move") || operation.op().equals("copy")) {
            String from = operation.from();
            Rule source = from == null ? null : rule(from);
            Rule destination = rule(operation.path());
            if (source == null || destination == null || source.shape() != Shape.MAP_ENTRY
                    || !destination.ops().contains(operation.op())) {
                throw invalidPath(operation);
            }
            JsonNode map = target.path(source.member());
            String key = unescape(from.substring(source.path().length() + 1));
            if (!map.has(key)) {
                throw badRequest("Invalid patch path '" + from + "': nothing to " + operation.op());
            }
            String value = map.get(key).asText();
            if (operation.op().equals("move")) {
                ((ObjectNode) map).remove(key);
            }
            apply(target, destination, new Operation("add", operation.path(), value, null));
            return;
        }
        Rule rule = rule(operation.path());
        if (rule == null) {
            if (custom.apply(target, operation)) {
                return;
            }
            throw invalidPath(operation);
        }
        if (!rule.ops().contains(operation.op())) {
            throw invalidPath(operation);
        }
        apply(target, rule, operation);
    }

    private static void apply(ObjectNode target, Rule rule, Operation operation) {
        boolean remove = operation.op().equals("remove");
        switch (rule.shape()) {
            case FIELD -> {
                if (remove) {
                    target.remove(rule.member());
                } else {
                    target.set(rule.member(), value(rule.kind(), operation));
                }
            }
            case MAP_ENTRY -> {
                String key = unescape(operation.path().substring(rule.path().length() + 1));
                ObjectNode map = target.path(rule.member()).isObject() ? (ObjectNode) target.get(rule.member())
                        : target.putObject(rule.member());
                if (remove) {
                    map.remove(key);
                } else {
                    map.set(key, value(rule.kind(), operation));
                }
            }
            case LIST_ITEM -> {
                String item = unescape(operation.path().substring(rule.path().length() + 1));
                ArrayNode list = target.path(rule.member()).isArray() ? (ArrayNode) target.get(rule.member())
                        : target.putArray(rule.member());
                List<String> items = new ArrayList<>();
                list.forEach(n -> items.add(n.asText()));
                items.remove(item);
                if (!remove) {
                    items.add(item);
                }
                list.removeAll();
                items.forEach(list::add);
            }
            default -> throw new IllegalStateException(rule.shape().name());
        }
    }

    private Rule rule(String path) {
        for (Rule rule : rules) {
            if (rule.shape() == Shape.FIELD ? path.equals(rule.path())
                    : path.startsWith(rule.path() + "/") && path.length() > rule.path().length() + 1) {
                return rule;
            }
        }
        return null;
    }

    static JsonNode value(Kind kind, Operation operation) {
        String value = operation.value();
        if (value == null) {
            throw badRequest("Invalid null or empty value in patch operation for path " + operation.path());
        }
        try {
            return switch (kind) {
                case TEXT -> JSON.getNodeFactory().textNode(value);
                case BOOLEAN -> {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        throw badRequest("Invalid boolean value '" + value + "' for path " + operation.path());
                    }
                    yield JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
                }
                // An empty number clears it, as replace with "" disables /minimumCompressionSize.
                case INTEGER -> value.isEmpty() ? JSON.getNodeFactory().nullNode() : JSON.getNodeFactory().numberNode(Integer.parseInt(value));
                case NUMBER -> JSON.getNodeFactory().numberNode(Double.parseDouble(value));
            };
        } catch (NumberFormatException e) {
            throw badRequest("Invalid number value '" + value + "' for path " + operation.path());
        }
    }

    /** A JSON pointer's key: {@code ~1} stands for a slash and {@code ~0} for a tilde. */
    static String unescape(String key) {
        return key.replace("~1", "/").replace("~0", "~");
    }

    static AwsServiceException invalidPath(Operation operation) {
        return badRequest("Invalid patch path '" + operation.path() + "' specified for op '" + operation.op()
                + "'. Please choose supported operations");
    }
}
