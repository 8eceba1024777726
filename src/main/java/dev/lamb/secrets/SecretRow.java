package dev.lamb.secrets;

/**
 * One secret as `lamb secrets list` shows it, never its value: the name the function uses (the secret's name outside a
 * project), the reference, the secret's name, ARN, current version id and when it last changed (ISO 8601, UTC). A
 * referenced secret that does not exist has {@code missing} set and no ARN. One deleted and waiting out its recovery
 * window has {@code deletedDate}: Secrets Manager's DeletedDate, when DeleteSecret was called (not when it is purged,
 * which DescribeSecret does not give). One lamb created in the project that lamb.toml does not reference yet has no
 * {@code reference}.
 */
public record SecretRow(String name, String reference, String secret, String arn, String versionId, String lastChanged,
        String deletedDate, boolean missing) {}
