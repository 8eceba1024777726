package dev.lamb.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Lambda's limit on a function's environment: 4 KB for all variables together. Lambda measures the
 * variables serialised as one JSON object: its InvalidParameterValueException says "exceeded the 4KB
 * limit. String measured: {"KEY":"value",...}", so names, quotes and separators count too.
 */
public final class LambdaEnvironment {
    public static final int MAX_BYTES = 4096;

    private LambdaEnvironment() {}

    /**
     * The size of the variables as Lambda measures them: compact JSON, in UTF-8 bytes. Written with jackson-core's
     * string escaping, the one ObjectMapper's generator uses, without ObjectMapper (lamb.toml's loader calls this
     * at every start, and the mapper's set-up costs far more than the measure).
     */
    public static int measuredBytes(Map<String, String> variables) {
        JsonStringEncoder escapes = JsonStringEncoder.getInstance();
        StringBuilder json = new StringBuilder("{");
        variables.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(escapes.quoteAsString(name)).append("\":\"").append(escapes.quoteAsString(value)).append('"');
        });
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
