package dev.lamb.secrets;

import java.util.List;

/**
 * What `lamb secrets rm` did, or with {@code dryRun} would do: the secret deleted, and when Secrets Manager deletes it for
 * good (ISO 8601, UTC; now when forced, without recovery), the command that restores it until then, and the names lamb.toml
 * still references it by.
 */
public record SecretRemoval(String name, String arn, String deletionDate, boolean forced, String restoreCommand,
        List<String> stillReferencedAs, boolean dryRun) {}
