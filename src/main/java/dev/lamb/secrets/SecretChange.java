package dev.lamb.secrets;

/**
 * What `lamb secrets set` did, never the value: the secret's name, ARN and new version id, whether it was created,
 * whether lamb made it, and the reference it added to lamb.toml ("" when none).
 */
public record SecretChange(String name, String arn, String versionId, boolean created, boolean lambs, String referenceAdded) {}
