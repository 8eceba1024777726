package dev.lamb.local.runtime;

import java.util.Optional;
import java.util.function.Function;

import dev.lamb.lambda.FunctionCredentials;

/**
 * Where the functions an engine runs send their own AWS calls, and what they sign them with: the endpoint
 * in AWS_ENDPOINT_URL (null: none, AWS itself) and the credentials each execution environment starts with,
 * asked for as it starts (empty: lamb's stand-in keys, which no cloud accepts as anyone's).
 */
public record FunctionsAccess(String endpoint, Function<FunctionSpec, Optional<FunctionCredentials>> credentials) {

    /** No endpoint and the stand-in keys: what an engine gives its functions until told otherwise. */
    public static FunctionsAccess none() {
        return new FunctionsAccess(null, spec -> Optional.empty());
    }

    /** The same credentials, calls sent to {@code url}. */
    public FunctionsAccess withEndpoint(String url) {
        return new FunctionsAccess(url, credentials);
    }

    /** The same endpoint, each environment starting with what {@code source} gives it. */
    public FunctionsAccess withCredentials(Function<FunctionSpec, Optional<FunctionCredentials>> source) {
        return new FunctionsAccess(endpoint, source);
    }
}
