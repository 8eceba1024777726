package dev.lamb.local.cloud.ssm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * The members of Parameter Store's requests, checked as the SSM API Reference and its service model constrain them
 * (lengths, enums, patterns), each refused with AWS's words. A value may be a secret: no error here quotes it.
 */
final class ParameterInputs {
    private static final Set<String> TYPES = Set.of("String", "StringList", ParameterVersion.SECURE_STRING);
    /** ParameterKeyId's pattern in the service model: a key id, a key or alias ARN, or alias/NAME. */
    private static final Pattern KEY_ID = Pattern.compile("^([a-zA-Z0-9:/_-]+)$");
    private static final Set<String> DATA_TYPES = Set.of("text", "aws:ec2:image", "aws:ssm:integration");

    private ParameterInputs() {}

    /** PutParameter's Value: required, not empty. */
    static String value(JsonNode body) {
        String value = JsonBodies.text(body, "Value");
        if (value == null) {
            throw SsmErrors.validation(ValidationMessage.mustNotBeNull("Value"));
        }
        if (value.isEmpty()) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Value", "Member must have length greater than or equal to 1."));
        }
        return value;
    }

    /** PutParameter's Tags, which only a new parameter takes (not with Overwrite). */
    static Map<String, String> tags(JsonNode body, boolean overwrite) {
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        if (overwrite && !tags.isEmpty()) {
            throw SsmErrors.validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, "
                    + "please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or "
                    + "RemoveTagsFromResource.");
        }
        return tags;
    }

    /** PutParameter's Description: at most 1024 characters; null when not given. */
    static String description(JsonNode body) {
        String description = JsonBodies.text(body, "Description");
        if (description != null && description.length() > 1024) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Description", "Member must have length less than or equal to 1024"));
        }
        return description;
    }

    /** PutParameter's Type, or the last version's: one of the three, and the one the parameter was created with. */
    static String type(JsonNode body, Optional<ParameterVersion> last) {
        String type = Optional.ofNullable(JsonBodies.text(body, "Type")).or(() -> last.map(ParameterVersion::type))
                .orElseThrow(() -> SsmErrors.validation("A parameter type is required when you create a parameter."));
        if (!TYPES.contains(type)) {
            throw SsmErrors.validation(ValidationMessage.of(type, "Type", "Member must satisfy enum value set: [SecureString, StringList, String]"));
        }
        if (last.isPresent() && !last.get().type().equals(type)) {
            // The API Reference's HierarchyTypeMismatchException: a parameter keeps the type it was created with.
            throw new AwsServiceException(400, "HierarchyTypeMismatchException", "Parameter Store doesn't support changing a "
                    + "parameter type in a hierarchy. For example, you can't change a parameter from a String type to a "
                    + "SecureString type. You must create a new, unique parameter.");
        }
        return type;
    }

    /** PutParameter's DataType, or the last version's, or text. */
    static String dataType(JsonNode body, Optional<ParameterVersion> last) {
        String dataType = Optional.ofNullable(JsonBodies.text(body, "DataType")).or(() -> last.map(ParameterVersion::dataType)).orElse("text");
        if (!DATA_TYPES.contains(dataType)) {
            throw SsmErrors.validation("The following data type is not supported: " + dataType + " (Data type names are all lowercase.)");
        }
        return dataType;
    }

    /** A SecureString's KeyId, or the last version's, or the AWS managed key; null for the other types. */
    static String keyId(JsonNode body, Optional<ParameterVersion> last, boolean secure) {
        if (!secure) {
            return null;
        }
        String keyId = Optional.ofNullable(JsonBodies.text(body, "KeyId")).or(() -> last.map(ParameterVersion::keyId)).orElse(SsmService.DEFAULT_KEY);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw SsmErrors.validation(ValidationMessage.of(keyId, "KeyId", "Member must satisfy regular expression pattern: " + KEY_ID.pattern()));
        }
        return keyId;
    }

    /** GetParameters' and DeleteParameters' Names: one to ten (the model's ParameterNameList). */
    static JsonNode names(JsonNode body) {
        JsonNode names = JsonBodies.requiredList(body, "Names", SsmErrors::validation);
        if (names.size() < 1 || names.size() > 10) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Names", names.size() < 1
                    ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 10"));
        }
        return names;
    }

    /** GetParametersByPath's Path: from the root, without empty segments. */
    static String path(JsonNode body) {
        String path = JsonBodies.required(body, "Path", SsmErrors::validation);
        if (!path.startsWith("/") || path.contains("//")) {
            throw SsmErrors.validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a "
                    + "forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, "
                    + "numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. "
                    + "All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.");
        }
        return path;
    }

    /** A page's size: MaxResults, or {@code fallback} without it (AWS's: ten a page for the listings but the history). */
    static int maxResults(JsonNode body, int fallback, int most) {
        JsonNode given = body.get("MaxResults");
        if (given == null || given.isNull()) {
            return fallback;
        }
        int max = given.asInt();
        if (max < 1 || max > most) {
            throw SsmErrors.validation(ValidationMessage.of(max, "MaxResults", max < 1
                    ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to " + most));
        }
        return max;
    }
}
