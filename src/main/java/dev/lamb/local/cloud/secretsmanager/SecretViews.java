package dev.lamb.local.cloud.secretsmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secret's details as DescribeSecret and ListSecrets' SecretListEntry give them: only the fields that have a value
 * (DescribeSecret's reference), KmsKeyId only for a key other than aws/secretsmanager, never a value; the ARN and name
 * the other operations answer with; and GetSecretValue's answer, the one view that holds a value.
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

    /** The ARN and name (and the version id, when there is one) the operations that change a secret answer with. */
    static Map<String, Object> named(Secret secret, String versionId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        if (versionId != null) {
            out.put("VersionId", versionId);
        }
        return out;
    }

    /** GetSecretValue's answer: the version's SecretString or SecretBinary, its labels and when it was made. */
    static Map<String, Object> value(Secret secret, SecretVersion version, SecretValue value) {
        Map<String, Object> out = named(secret, version.id());
        if (value != null && value.binary() != null) {
            out.put("SecretBinary", value.binary());
        }
        if (value != null && value.string() != null) {
            out.put("SecretString", value.string());
        }
        out.put("VersionStages", version.stages());
        out.put("CreatedDate", SecretsManagerService.seconds(version.created()));
        return out;
    }
}
