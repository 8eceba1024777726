package dev.lamb.local.cloud.secretsmanager;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.ValidationMessage;

/** The members of Secrets Manager requests, read and checked as the service model and the API Reference define them. */
final class SecretsManagerInput {
    private static final int MAX_VALUE = 65_536;
    private static final String AWS_MANAGED_KEY = "alias/aws/secretsmanager";

    private SecretsManagerInput() {}

    /** SecretString or SecretBinary, not both; neither is no value. Their text never goes into an error message. */
    static Optional<SecretValue> value(JsonNode body) {
        String string = JsonBodies.text(body, "SecretString");
        String binary = JsonBodies.text(body, "SecretBinary");
        if (string != null && binary != null) {
            throw SecretsManagerErrors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (string != null && (string.isEmpty() || string.length() > MAX_VALUE)) {
            throw SecretsManagerErrors.validation(ValidationMessage.withoutValue("SecretString",
                    string.isEmpty() ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 65536"));
        }
        if (binary != null) {
            int size;
            try {
                size = Base64.getDecoder().decode(binary).length;
            } catch (IllegalArgumentException e) {
                throw new AwsServiceException(400, "SerializationException", "SecretBinary is not valid Base64");
            }
            if (size < 1 || size > MAX_VALUE) {
                throw SecretsManagerErrors.validation(ValidationMessage.withoutValue("SecretBinary",
                        size < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 65536"));
            }
        }
        return string == null && binary == null ? Optional.empty() : Optional.of(new SecretValue(string, binary));
    }

    /** The new version's id: the ClientRequestToken the CLI and the SDKs send, else one made here (raw HTTP callers). */
    static String token(JsonNode body) {
        String token = JsonBodies.text(body, "ClientRequestToken");
        if (token == null || token.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        if (token.length() < 32 || token.length() > 64) {
            throw SecretsManagerErrors.validation(ValidationMessage.of(token, "ClientRequestToken", token.length() < 32
                    ? "Member must have length greater than or equal to 32" : "Member must have length less than or equal to 64"));
        }
        return token;
    }

    static String description(JsonNode body) {
        String description = JsonBodies.text(body, "Description");
        if (description != null && description.length() > 2048) {
            throw SecretsManagerErrors.validation(ValidationMessage.of(description, "Description",
                    "Member must have length less than or equal to 2048"));
        }
        return emptyAsNull(description);
    }

    /** The given tags put over {@code into}, a key given again replacing its value (TagResource's reference). */
    static Map<String, String> tags(JsonNode given, Map<String, String> into) {
        for (JsonNode tag : given) {
            String key = JsonBodies.text(tag, "Key");
            if (key == null || key.isEmpty()) {
                throw SecretsManagerErrors.invalidParameter("You must provide a tag key.");
            }
            into.put(key, Optional.ofNullable(JsonBodies.text(tag, "Value")).orElse(""));
        }
        return into;
    }

    /** A KmsKeyId, none for the AWS managed key aws/secretsmanager (DescribeSecret omits it, every role of the account may use it). */
    static String customerKey(String kmsKeyId) {
        String key = emptyAsNull(kmsKeyId);
        return AWS_MANAGED_KEY.equals(key) ? null : key;
    }

    static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
