package dev.lamb.secrets;

/**
 * What `lamb secrets set` did, never the value: the secret's name, ARN and new version id, whether it was created,
 * whether lamb made it, the reference lamb.toml lacks for it ("" when lamb.toml has it, or outside a project), what it
 * is (a Secrets Manager "secret" or a Parameter Store "parameter") and where the version before stays readable ("" when
 * there was none). With {@code dryRun}, what set would do: no version id, and no ARN for a secret it would create.
 */
public record SecretChange(String name, String arn, String versionId, boolean created, boolean lambs, String referenceToAdd,
        String kind, String previous, boolean dryRun) {
    static final String SECRET = "secret";
    static final String PARAMETER = "parameter";

    /** What a dry run found: {@code created} when set would create the secret, else put a new version of it. */
    static SecretChange planned(String name, String arn, boolean created, boolean lambs, String kind) {
        return new SecretChange(name, arn, null, created, lambs, "", kind, "", true);
    }

    SecretChange withReferenceToAdd(String reference) {
        return new SecretChange(name, arn, versionId, created, lambs, reference, kind, previous, dryRun);
    }
}
