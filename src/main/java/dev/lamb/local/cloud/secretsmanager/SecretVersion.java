package dev.lamb.local.cloud.secretsmanager;

import java.util.List;

/** One version of a secret, without its value (kept in the secret's value file): its id, staging labels and creation time. */
record SecretVersion(String id, List<String> stages, long created) {
    SecretVersion {
        stages = List.copyOf(stages);
    }

    boolean has(String stage) {
        return stages.contains(stage);
    }
}
