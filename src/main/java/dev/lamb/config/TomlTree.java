package dev.lamb.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;

/**
 * TOML text as the tree of JsonNodes that TomlMapper.readTree gives, read with Jackson's TOML parser alone.
 * The mapper first sets up ObjectMapper's serializer and deserializer machinery (some 450 classes, ~60 ms
 * of every command's start) to copy a tree the parser has already built; this copies it node for node,
 * with the same node types: an int, long or BigInteger node by the integer's size, a decimal node without
 * trailing zeros for a float (a double for inf and nan), as the mapper's JsonNodeDeserializer does. Errors are
 * the parser's own.
 */
public final class TomlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TomlTree() {}

    /** The document's root table. */
    public static ObjectNode read(String text) throws JacksonException {
        try (JsonParser parser = new TomlFactory().createParser(text)) {
            parser.nextToken();
            return (ObjectNode) value(parser);
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading TOML from a string", e);
        }
    }

    private static JsonNode value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode table = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    table.set(key, value(parser));
                }
                yield table;
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
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? NODES.numberNode(stripped(parser.getDecimalValue()))
                    : NODES.numberNode(parser.getDoubleValue());
            // Dates and times are text: TomlReadFeature.PARSE_JAVA_TIME is off, and TOML has no null.
            default -> throw new IllegalStateException("the TOML parser gave " + token);
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
