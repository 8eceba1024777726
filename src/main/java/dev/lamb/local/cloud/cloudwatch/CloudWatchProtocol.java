package dev.lamb.local.cloud.cloudwatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.QueryProtocol;
import dev.lamb.local.cloud.XmlWriter;

/**
 * The three protocols CloudWatch's model (2010-08-01) lists, each spoken by a client here: Smithy RPC v2 CBOR (the Java
 * SDK 2.57 sends it, the model's first), awsJson1_0 (X-Amz-Target GraniteServiceVersion20100801.Op: botocore 1.43, which
 * prefers it) and awsQuery (the AWS CLI v2.9's bundled botocore, whose model has only it: form posts, XML answers).
 * Each request's members become one JSON tree, and each answer is one tree rendered back in the request's protocol, so
 * operations never see the wire. Timestamps in an answer are {@link #timestamp} nodes: CBOR's tag 1, JSON's epoch
 * seconds, the query protocol's ISO 8601.
 */
enum CloudWatchProtocol {
    CBOR, JSON, QUERY;

    static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
    private static final String CBOR_PATH = "/service/" + TARGET_PREFIX + "/operation/";
    private static final QueryProtocol QUERY_XML =
            new QueryProtocol("http://monitoring.amazonaws.com/doc/2010-08-01/", "2010-08-01");
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final ObjectMapper CBOR_MAPPER = new ObjectMapper(new CBORFactory());
    /** The model's error shapes by the query code their x-amzn-query-error header carries (awsQueryCompatible). */
    private static final Map<String, String> ERROR_SHAPES = Map.of(
            "InvalidParameterValue", "InvalidParameterValueException",
            "MissingParameter", "MissingRequiredParameterException",
            "InvalidParameterCombination", "InvalidParameterCombinationException",
            "LimitExceeded", "LimitExceededFault",
            "InternalServiceError", "InternalServiceFault");

    /** The protocol a request is in: CBOR by its path, JSON by its target header, else the query protocol. */
    static CloudWatchProtocol of(CloudRequest request) {
        if (request.path().startsWith(CBOR_PATH)) {
            return CBOR;
        }
        String target = request.header("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX + ".") ? JSON : QUERY;
    }

    /** The operation the request names. */
    String operation(CloudRequest request) {
        return switch (this) {
            case CBOR -> request.path().substring(CBOR_PATH.length());
            case JSON -> request.header("X-Amz-Target").substring(TARGET_PREFIX.length() + 1);
            case QUERY -> QUERY_XML.action(QUERY_XML.params(request));
        };
    }

    /** The request's members as one tree; in the query protocol every value is text, {@code X.member.N} a list. */
    ObjectNode input(CloudRequest request) {
        if (this == QUERY) {
            return queryTree(QUERY_XML.params(request));
        }
        if (request.body().length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode tree = (this == CBOR ? CBOR_MAPPER : JSON_MAPPER).readTree(request.body());
            if (tree instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // Answered below as the body the service could not read.
        }
        throw new AwsServiceException(400, "SerializationException", "The request body is not a " + this + " object");
    }

    /** A timestamp in an answer, rendered as each protocol writes timestamps. */
    static JsonNode timestamp(Instant instant) {
        return new POJONode(instant);
    }

    /** A map in an answer (GetMetricStatistics' ExtendedStatistics): an object, but entry/key/value in the query XML. */
    static JsonNode map(ObjectNode entries) {
        return new POJONode(new MapMembers(entries));
    }

    private record MapMembers(ObjectNode entries) {}

    /** The answer to an operation, {@code output} null for one with no output (PutMetricData). */
    CloudResponse respond(String operation, ObjectNode output) {
        ObjectNode body = output == null ? JsonNodeFactory.instance.objectNode() : output;
        return switch (this) {
            case CBOR, JSON -> encoded(200, body);
            case QUERY -> CloudResponse.of(200, "text/xml", QUERY_XML.respond(operation, output == null ? null : x -> xml(x, body)));
        };
    }

    /**
     * The error in the protocol: the query protocol's ErrorResponse; for CBOR and JSON the model's error shape as
     * {@code __type} and, because the model is awsQueryCompatible, the query code in x-amzn-query-error, which the SDKs
     * and botocore report as the error's code.
     */
    CloudResponse error(AwsServiceException e) {
        if (this == QUERY) {
            return QUERY_XML.error(e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("__type", ERROR_SHAPES.getOrDefault(e.code(), e.code()));
        fields.put("message", e.getMessage());
        ObjectNode body = JSON_MAPPER.valueToTree(fields);
        String queryError = e.code() + ";" + (e.status() >= 500 ? "Receiver" : "Sender");
        return encoded(e.status(), body).withHeader("x-amzn-query-error", queryError);
    }

    private CloudResponse encoded(int status, JsonNode body) {
        if (this == CBOR) {
            Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/cbor", "smithy-protocol", "rpc-v2-cbor"));
            return new CloudResponse(status, headers, binary(CBOR_MAPPER.getFactory(), body));
        }
        return new CloudResponse(status, new LinkedHashMap<>(Map.of("Content-Type", "application/x-amz-json-1.0")),
                binary(JSON_MAPPER.getFactory(), body));
    }

    private static byte[] binary(JsonFactory factory, JsonNode tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            double seconds = instant.getEpochSecond() + instant.getNano() / 1e9;
            if (g instanceof CBORGenerator cbor) {
                cbor.writeTag(1);
            }
            g.writeNumber(seconds);
        } else if (node instanceof POJONode pojo && pojo.getPojo() instanceof MapMembers map) {
            write(g, map.entries());
        } else if (node.isObject()) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                g.writeFieldName(field.getKey());
                write(g, field.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                write(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    /** The awsQuery answer's XML: members as elements, lists as {@code <member>}s, timestamps in ISO 8601. */
    private static void xml(XmlWriter x, JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            xmlMember(x, field.getKey(), field.getValue());
        }
    }

    private static void xmlMember(XmlWriter x, String name, JsonNode value) {
        if (value instanceof POJONode pojo && pojo.getPojo() instanceof MapMembers map) {
            x.start(name);
            for (Iterator<Map.Entry<String, JsonNode>> it = map.entries().fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                x.start("entry").element("key", entry.getKey()).element("value", entry.getValue().asText()).end();
            }
            x.end();
        } else if (value instanceof POJONode pojo) {
            x.element(name, pojo.getPojo().toString());
        } else if (value.isObject()) {
            x.start(name);
            xml(x, value);
            x.end();
        } else if (value.isArray()) {
            x.start(name);
            for (JsonNode item : value) {
                xmlMember(x, "member", item);
            }
            x.end();
        } else if (!value.isNull()) {
            x.element(name, value.asText());
        }
    }

    /** {@code A.member.1.B=v} as {@code {"A": [{"B": "v"}]}}: lists come from {@code member} and a 1-based index. */
    private static ObjectNode queryTree(Map<String, String> params) {
        Map<String, Object> root = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            if (!key.equals("Action") && !key.equals("Version")) {
                put(root, key.split("\\."), 0, value);
            }
        });
        return (ObjectNode) node(root);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> into, String[] parts, int i, String value) {
        String name = parts[i];
        if (i + 1 == parts.length) {
            into.put(name, value);
            return;
        }
        if (parts[i + 1].equals("member") && i + 2 < parts.length) {
            Integer index = index(parts[i + 2]);
            TreeMap<Integer, Object> list = (TreeMap<Integer, Object>) into.computeIfAbsent(name, k -> new TreeMap<Integer, Object>());
            if (i + 3 == parts.length) {
                list.put(index, value);
            } else {
                Map<String, Object> item = (Map<String, Object>) list.computeIfAbsent(index, k -> new LinkedHashMap<String, Object>());
                put(item, parts, i + 3, value);
            }
            return;
        }
        Map<String, Object> child = (Map<String, Object>) into.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
        put(child, parts, i + 1, value);
    }

    private static Integer index(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new AwsServiceException(400, "MalformedQueryString", "The list index " + text + " is not a number");
        }
    }

    private static JsonNode node(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof TreeMap<?, ?> list) {
            ArrayNode array = f.arrayNode();
            list.values().forEach(v -> array.add(node(v)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = f.objectNode();
            map.forEach((k, v) -> object.set((String) k, node(v)));
            return object;
        }
        return f.textNode((String) value);
    }
}
