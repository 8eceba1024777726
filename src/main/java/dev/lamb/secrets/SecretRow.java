package dev.lamb.secrets;

/**
 * One secret as `lamb secrets list` shows it, never its value: the name the function uses (the secret's name outside a
 * project), the reference, the secret's name, ARN, current version id and when it last changed (ISO 8601, UTC). A
 * referenced secret that does not exist has {@code missing} set and no ARN; one scheduled for deletion has its date.
 */
public record SecretRow(String name, String reference, String secret, String arn, String versionId, String lastChanged,
        String deletionDate, boolean missing) {}
