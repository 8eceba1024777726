package dev.lamb.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Lambda's limit on a function's environment: 4 KB for all variables together. Lambda measures the
 * variables serialised as one JSON object: its InvalidParameterValueException says "exceeded the 4KB
 * limit. String measured: {"KEY":"value",...}", so names, quotes and separators count too.
 */
public final class LambdaEnvironment {
    public static final int MAX_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEnvironment() {}

    /** The size of the variables as Lambda measures them: compact JSON, in UTF-8 bytes. */
    public static int measuredBytes(Map<String, String> variables) {
        try {
            return JSON.writeValueAsString(variables).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
