package dev.lamb.local.cloud.secretsmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A secret's metadata, as DescribeSecret shows it, and its versions without their values. Times are epoch
 * milliseconds; {@code deleted} is when DeleteSecret scheduled its deletion and {@code deletion} when the recovery
 * window ends (both null while it is not scheduled). {@code valueFile} names the file that holds its versions' values.
 */
record Secret(String name, String arn, String valueFile, String description, String kmsKeyId, Map<String, String> tags,
        long created, long lastChanged, Long lastAccessed, Long deleted, Long deletion, List<SecretVersion> versions) {
    /** How many versions a secret keeps before its oldest deprecated ones go. */
    static final int MAX_VERSIONS = 100;

    Secret {
        tags = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        versions = List.copyOf(versions == null ? List.of() : versions);
    }

    boolean scheduledForDeletion() {
        return deleted != null;
    }

    Optional<SecretVersion> version(String id) {
        return versions.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    Optional<SecretVersion> staged(String stage) {
        return versions.stream().filter(v -> v.has(stage)).findFirst();
    }

    /**
     * The version GetSecretValue asks for: by VersionId (whose labels must then include VersionStage, when given), else
     * by VersionStage, AWSCURRENT when neither is given (GetSecretValue's reference).
     */
    SecretVersion asked(String versionId, String stage) {
        if (versionId == null) {
            String label = stage == null ? SecretsManagerService.CURRENT : stage;
            return staged(label).orElseThrow(() -> SecretsManagerErrors.valueNotFound("staging label: " + label));
        }
        SecretVersion version = version(versionId).orElseThrow(() -> SecretsManagerErrors.valueNotFound("VersionId: " + versionId));
        if (stage != null && !version.has(stage)) {
            throw SecretsManagerErrors.invalidRequest("You provided a VersionStage that is not associated to the provided VersionId.");
        }
        return version;
    }

    /**
     * The ids of the versions with a staging label and their labels, in the order the versions were made (DescribeSecret's
     * VersionIdsToStages: a version without a label is deprecated and left out).
     */
    Map<String, List<String>> versionIdsToStages() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        versions.stream().filter(v -> !v.stages().isEmpty()).forEach(v -> out.put(v.id(), v.stages()));
        return out;
    }

    Secret withDetails(String newDescription, String newKmsKeyId, long now) {
        return new Secret(name, arn, valueFile, newDescription, newKmsKeyId, tags, created, now, lastAccessed, deleted, deletion, versions);
    }

    Secret withTags(Map<String, String> newTags, long now) {
        return new Secret(name, arn, valueFile, description, kmsKeyId, newTags, created, now, lastAccessed, deleted, deletion, versions);
    }

    Secret withVersions(List<SecretVersion> newVersions, long now) {
        return new Secret(name, arn, valueFile, description, kmsKeyId, tags, created, now, lastAccessed, deleted, deletion, newVersions);
    }

    Secret accessed(long day) {
        return new Secret(name, arn, valueFile, description, kmsKeyId, tags, created, lastChanged, day, deleted, deletion, versions);
    }

    Secret scheduled(Long at, Long until, long now) {
        return new Secret(name, arn, valueFile, description, kmsKeyId, tags, created, now, lastAccessed, at, until, versions);
    }

    /**
     * The secret with a new version carrying {@code stages}: each label leaves the version that had it, and when
     * AWSCURRENT moves, AWSPREVIOUS goes to the version it left (PutSecretValue's reference). Versions left without a
     * label are deprecated: still readable by VersionId, and dropped oldest first past {@link #MAX_VERSIONS} (the User Guide's
     * "Secret versions").
     */
    Secret withVersion(String id, List<String> stages, long now) {
        List<String> labels = new ArrayList<>(stages);
        if (versions.isEmpty() && !labels.contains(SecretsManagerService.CURRENT)) {
            labels.add(SecretsManagerService.CURRENT);
        }
        String previous = labels.contains(SecretsManagerService.CURRENT)
                ? staged(SecretsManagerService.CURRENT).map(SecretVersion::id).orElse(null) : null;
        List<SecretVersion> kept = new ArrayList<>();
        for (SecretVersion v : versions) {
            List<String> left = new ArrayList<>(v.stages());
            left.removeAll(labels);
            if (previous != null) {
                left.remove(SecretsManagerService.PREVIOUS);
                if (v.id().equals(previous)) {
                    left.add(SecretsManagerService.PREVIOUS);
                }
            }
            kept.add(new SecretVersion(v.id(), left, v.created()));
        }
        kept.add(new SecretVersion(id, labels, now));
        for (int i = 0; kept.size() > MAX_VERSIONS && i < kept.size(); ) {
            if (kept.get(i).stages().isEmpty()) {
                kept.remove(i);
            } else {
                i++;
            }
        }
        return new Secret(name, arn, valueFile, description, kmsKeyId, tags, created, now, lastAccessed, deleted, deletion, kept);
    }
}
