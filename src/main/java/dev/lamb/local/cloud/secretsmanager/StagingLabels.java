package dev.lamb.local.cloud.secretsmanager;

import java.util.ArrayList;
import java.util.List;

/**
 * UpdateSecretVersionStage as its reference defines it: a staging label moves to MoveToVersionId, and leaves
 * RemoveFromVersionId, which must be named when the label is on another version; without MoveToVersionId it only leaves.
 * When AWSCURRENT moves, AWSPREVIOUS goes to the version it left. A version left with no label is kept (deprecated), so its
 * value can still be read by VersionId.
 */
final class StagingLabels {
    private StagingLabels() {}

    static Secret moved(Secret secret, String stage, String removeFrom, String moveTo, long now) {
        if (removeFrom != null) {
            SecretVersion from = secret.version(removeFrom).orElseThrow(() -> SecretsManagerErrors.invalidParameter(
                    "Not a valid version: " + removeFrom));
            if (!from.has(stage)) {
                throw SecretsManagerErrors.invalidParameter("Version stage " + stage + " not found in version " + removeFrom);
            }
        }
        if (moveTo != null) {
            secret.version(moveTo).orElseThrow(() -> SecretsManagerErrors.invalidParameter("Not a valid version: " + moveTo));
            secret.staged(stage).filter(v -> !v.id().equals(moveTo) && !v.id().equals(removeFrom)).ifPresent(v -> {
                throw SecretsManagerErrors.invalidParameter("The parameter RemoveFromVersionId can't be empty. Staging label " + stage
                        + " is currently attached to version " + v.id() + ", so you must explicitly reference that version in "
                        + "RemoveFromVersionId.");
            });
        } else if (removeFrom == null || SecretsManagerService.CURRENT.equals(stage)) {
            throw SecretsManagerErrors.invalidParameter(SecretsManagerService.CURRENT.equals(stage)
                    ? "AWSCURRENT can't be removed from a version without moving it: name the version that gets it in MoveToVersionId."
                    : "Name the version to take the staging label from (RemoveFromVersionId) or to give it to (MoveToVersionId).");
        }
        boolean currentMoves = SecretsManagerService.CURRENT.equals(stage) && removeFrom != null && !removeFrom.equals(moveTo);
        List<SecretVersion> versions = new ArrayList<>();
        for (SecretVersion v : secret.versions()) {
            List<String> labels = new ArrayList<>(v.stages());
            if (v.id().equals(removeFrom)) {
                labels.remove(stage);
            }
            if (v.id().equals(moveTo) && !labels.contains(stage)) {
                labels.add(stage);
            }
            if (currentMoves) {
                labels.remove(SecretsManagerService.PREVIOUS);
                if (v.id().equals(removeFrom)) {
                    labels.add(SecretsManagerService.PREVIOUS);
                }
            }
            versions.add(new SecretVersion(v.id(), labels, v.created()));
        }
        return secret.withVersions(versions, now);
    }
}
