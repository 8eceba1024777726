package dev.lamb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A parser's tokens as the tree of JsonNodes that ObjectMapper.readTree gives, built without an ObjectMapper: the mapper
 * sets up its serializer and deserializer machinery first (some 450 classes, tens of ms of a command's start), where
 * reading a policy or lamb.toml needs only jackson-core's parser and the node classes. Same node types as the mapper's
 * JsonNodeDeserializer: an int, long or BigInteger node by the integer's size, a double node for a JSON float, a decimal
 * node without trailing zeros where the parser reads decimals (TOML), the last of a repeated key.
 */
public final class JsonTrees {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /** JSON text as a tree: a missing node when the text holds no value, as the mapper's readTree answers. */
    public static JsonNode read(String json) throws JacksonException {
        try {
            return tree(JSON.createParser(json));
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e);
        }
    }

    /** A JSON file's bytes as a tree, their encoding (UTF-8, -16 or -32) told as the mapper tells it. */
    public static JsonNode read(byte[] json) throws IOException {
        return tree(JSON.createParser(json));
    }

    private static JsonNode tree(JsonParser opened) throws IOException {
        try (JsonParser parser = opened) {
            return parser.nextToken() == null ? MissingNode.getInstance() : value(parser);
        }
    }

    /** The value that starts at the parser's current token, read through its last token. */
    public static JsonNode value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    object.set(key, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? NODES.numberNode(stripped(parser.getDecimalValue()))
                    : NODES.numberNode(parser.getDoubleValue());
            // Embedded objects come only from binary formats and TOML's java.time option, neither of which lamb reads.
            default -> throw new IllegalStateException("a tree has no place for " + token);
        };
    }

    /** 1.50 as 1.5 and -0.0 as 0, as the mapper's JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES (on by default) has it. */
    private static BigDecimal stripped(BigDecimal value) {
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException e) {
            return value; // the scale would overflow: the mapper keeps the value as it is too
        }
    }
}
