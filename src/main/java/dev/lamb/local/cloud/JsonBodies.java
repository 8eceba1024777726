package dev.lamb.local.cloud;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON protocols' request bodies (awsJson, rest-json), read the one way AWS reads them: an empty body
 * or one that is not an object is no members at all, a body that is not JSON is the service's own error,
 * and a missing required member is the model's validation error.
 */
public final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {}

    /** The body's members; {@code malformed} is the service's answer to a body that is not JSON. */
    public static ObjectNode object(CloudRequest request, Supplier<AwsServiceException> malformed) {
        return object(request, JSON, malformed);
    }

    /** As {@link #object(CloudRequest, Supplier)}, read by a mapper with the service's own limits (Lambda's zips). */
    public static ObjectNode object(CloudRequest request, ObjectMapper json, Supplier<AwsServiceException> malformed) {
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            throw malformed.get();
        }
    }

    /** A member as text, or null when it is missing or JSON null. */
    public static String text(JsonNode body, String member) {
        JsonNode node = body.get(member);
        return node == null || node.isNull() ? null : node.asText();
    }

    /**
     * A member the operation requires, missing (or empty) answered as the model's validation error,
     * {@code Value null at 'member' ...}, in the service's error ({@code invalid} of the message).
     */
    public static String required(JsonNode body, String member, Function<String, AwsServiceException> invalid) {
        String value = text(body, member);
        if (value == null || value.isEmpty()) {
            throw invalid.apply(ValidationMessage.mustNotBeNull(member));
        }
        return value;
    }

    /** A list member the operation requires, missing or not a list answered as {@link #required} does. */
    public static JsonNode requiredList(JsonNode body, String member, Function<String, AwsServiceException> invalid) {
        JsonNode node = body.path(member);
        if (!node.isArray()) {
            throw invalid.apply(ValidationMessage.mustNotBeNull(member));
        }
        return node;
    }
}
