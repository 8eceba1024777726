package dev.lamb.aws;

import java.net.URI;

/**
 * Where lamb's AWS calls go: a profile and region as the SDK resolves them, an endpoint override
 * (LocalStack, moto, lamb's local cloud), and the fixed keys to sign with instead of the user's, if any.
 */
public record AwsTarget(String profile, String region, URI endpoint, Keys keys) {
    public static final String LOCAL_REGION = "us-east-1";

    /** Keys for an endpoint that is not AWS: an emulator's test keys, or a local cloud's own (--auth). */
    public record Keys(String accessKeyId, String secretAccessKey) {
        public static final Keys TEST = new Keys("test", "test");

        @Override
        public String toString() {
            return "Keys[" + accessKeyId + "]";
        }
    }

    /** With the emulators' test keys, or the SDK's credentials. */
    public AwsTarget(String profile, String region, URI endpoint, boolean testCredentials) {
        this(profile, region, endpoint, testCredentials ? Keys.TEST : null);
    }

    /** lamb's local cloud: its endpoint, us-east-1, fixed test credentials, account 000000000000. */
    public static AwsTarget localCloud(URI endpoint) {
        return new AwsTarget(null, LOCAL_REGION, endpoint, Keys.TEST);
    }

    /** lamb's local cloud that verifies signatures against its own keys. */
    public static AwsTarget localCloud(URI endpoint, Keys keys) {
        return new AwsTarget(null, LOCAL_REGION, endpoint, keys);
    }
}
