package dev.lamb.local.cloud.secretsmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secret's details as DescribeSecret and ListSecrets' SecretListEntry give them: only the fields that have a value
 * (DescribeSecret's reference), KmsKeyId only for a key other than aws/secretsmanager, never a value.
 */
final class SecretViews {
    private SecretViews() {}

    /** @param versionsMember what the versions' labels are called: VersionIdsToStages (DescribeSecret), SecretVersionsToStages (ListSecrets) */
    static Map<String, Object> described(Secret secret, String versionsMember) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        if (secret.description() != null) {
            out.put("Description", secret.description());
        }
        if (secret.kmsKeyId() != null) {
            out.put("KmsKeyId", secret.kmsKeyId());
        }
        out.put("LastChangedDate", SecretsManagerService.seconds(secret.lastChanged()));
        if (secret.lastAccessed() != null) {
            out.put("LastAccessedDate", SecretsManagerService.seconds(secret.lastAccessed()));
        }
        if (secret.deleted() != null) {
            out.put("DeletedDate", SecretsManagerService.seconds(secret.deleted()));
        }
        if (!secret.tags().isEmpty()) {
            List<Map<String, String>> tags = new ArrayList<>();
            secret.tags().forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
            out.put("Tags", tags);
        }
        if (!secret.versions().isEmpty()) {
            out.put(versionsMember, secret.versionIdsToStages());
        }
        out.put("CreatedDate", SecretsManagerService.seconds(secret.created()));
        return out;
    }
}
