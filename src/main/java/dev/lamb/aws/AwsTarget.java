package dev.lamb.aws;

import java.net.URI;

/**
 * Where lamb's AWS calls go: a profile and region as the SDK resolves them, an endpoint override
 * (LocalStack, moto, lamb's local cloud), and whether to sign with the local cloud's fixed test keys.
 */
public record AwsTarget(String profile, String region, URI endpoint, boolean testCredentials) {
    public static final String LOCAL_REGION = "us-east-1";

    /** lamb's local cloud: its endpoint, us-east-1, fixed test credentials, account 000000000000. */
    public static AwsTarget localCloud(URI endpoint) {
        return new AwsTarget(null, LOCAL_REGION, endpoint, true);
    }
}
