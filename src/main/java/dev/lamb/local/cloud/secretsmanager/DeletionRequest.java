package dev.lamb.local.cloud.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What DeleteSecret is asked: at once (ForceDeleteWithoutRecovery), or after a recovery window of 7 to 30 days, 30 when
 * not given; not both (DeleteSecret's reference).
 */
record DeletionRequest(boolean force, long days) {
    static DeletionRequest of(JsonNode body) {
        JsonNode window = body.get("RecoveryWindowInDays");
        boolean force = body.path("ForceDeleteWithoutRecovery").asBoolean(false);
        if (window != null && !window.isNull() && force) {
            throw SecretsManagerErrors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = window == null || window.isNull() ? 30 : window.asLong();
        if (days < 7 || days > 30) {
            throw SecretsManagerErrors.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        return new DeletionRequest(force, days);
    }
}
