package dev.lamb.config;

import java.util.List;
import java.util.Optional;

/** [url]: the stage's Function URL. auth is AWS_IAM or NONE; invokeMode is BUFFERED or RESPONSE_STREAM. */
public record UrlSettings(String auth, String invokeMode, Optional<Cors> cors) {
    public static final String AUTH_IAM = "AWS_IAM";
    public static final String AUTH_NONE = "NONE";
    public static final String BUFFERED = "BUFFERED";
    public static final String RESPONSE_STREAM = "RESPONSE_STREAM";

    /** [url.cors], as Lambda's Cors object: the lists are empty where not set, maxAge 0. */
    public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
            List<String> exposeHeaders, int maxAgeSeconds, boolean allowCredentials) {}
}
