package dev.lamb.local.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.lamb.lambda.FunctionCredentials;

/**
 * Where the functions an engine runs send their own AWS calls, and what they sign them with: the endpoint
 * in AWS_ENDPOINT_URL (null: none, AWS itself) and the credentials each execution environment starts with,
 * asked for as it starts (empty: lamb's stand-in keys, which no cloud accepts as anyone's), and the variables that tell it
 * where its secrets are (NAME_SECRET_ARN: ARNs, never values), as deploy sets them.
 */
public record FunctionsAccess(String endpoint, Function<FunctionSpec, Optional<FunctionCredentials>> credentials,
        Map<String, String> variables) {

    public FunctionsAccess(String endpoint, Function<FunctionSpec, Optional<FunctionCredentials>> credentials) {
        this(endpoint, credentials, Map.of());
    }

    /** No endpoint and the stand-in keys: what an engine gives its functions until told otherwise. */
    public static FunctionsAccess none() {
        return new FunctionsAccess(null, spec -> Optional.empty());
    }

    /** The same credentials, calls sent to {@code url}. */
    public FunctionsAccess withEndpoint(String url) {
        return new FunctionsAccess(url, credentials, variables);
    }

    /** The same endpoint, each environment starting with what {@code source} gives it. */
    public FunctionsAccess withCredentials(Function<FunctionSpec, Optional<FunctionCredentials>> source) {
        return new FunctionsAccess(endpoint, source, variables);
    }

    /** The same, each environment also starting with {@code given} (the secrets' ARN variables). */
    public FunctionsAccess withVariables(Map<String, String> given) {
        return new FunctionsAccess(endpoint, credentials, Map.copyOf(given));
    }
}
