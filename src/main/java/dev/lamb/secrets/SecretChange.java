package dev.lamb.secrets;

/**
 * What `lamb secrets set` did, never the value: the secret's name, ARN and new version id, whether it was created,
 * whether lamb made it, the reference it added to lamb.toml ("" when none), what it is (a Secrets Manager "secret" or a
 * Parameter Store "parameter") and where the version before stays readable ("" when there was none).
 */
public record SecretChange(String name, String arn, String versionId, boolean created, boolean lambs, String referenceAdded,
        String kind, String previous) {
    static final String SECRET = "secret";
    static final String PARAMETER = "parameter";
}
