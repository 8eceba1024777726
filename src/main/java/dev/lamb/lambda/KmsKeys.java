package dev.lamb.lambda;

/**
 * The one rule for the KMS key a KmsKeyId names, shared by the local cloud (the resource its kms:Decrypt checks are on) and
 * deploy (the keys lamb-secrets grants kms:Decrypt on): here because both layers may import this package, not each other.
 */
public final class KmsKeys {
    private KmsKeys() {}

    /**
     * Whether the key is an AWS managed one ({@code alias/aws/SERVICE}, as an alias or an alias ARN): its key policy lets
     * the account's principals use it through its service, so no caller needs a grant on it.
     */
    public static boolean isAwsManaged(String keyId) {
        return keyId.startsWith("alias/aws/") || keyId.contains(":alias/aws/");
    }

    /**
     * The ARN of what a KmsKeyId names: an ARN as given, {@code alias/NAME} as the alias's ARN, a key id as the key's
     * ({@code arn:PARTITION:kms:REGION:ACCOUNT:key/ID}), in the account and region of what it encrypts (KMS's ARN formats).
     */
    public static String keyArn(String partition, String region, String account, String keyId) {
        if (keyId.startsWith("arn:")) {
            return keyId;
        }
        return "arn:" + partition + ":kms:" + region + ":" + account + ":" + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
    }
}
