package dev.lamb.local.cloud.ssm;

import java.util.List;

/**
 * One version of a parameter as Parameter Store keeps it. {@code ciphertext} is what a SecureString reads as without
 * WithDecryption: an opaque blob made when the version is put, never derived from the value (null for the other types).
 * {@code labels}: the labels LabelParameterVersion attached to this version (none in files written before labels were served).
 */
record ParameterVersion(String name, String type, String value, String ciphertext, long version, String description, String keyId,
        String allowedPattern, String tier, String dataType, long lastModified, String lastModifiedUser, List<String> labels) {
    static final String SECURE_STRING = "SecureString";

    ParameterVersion {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    ParameterVersion withLabels(List<String> newLabels) {
        return new ParameterVersion(name, type, value, ciphertext, version, description, keyId, allowedPattern, tier, dataType,
                lastModified, lastModifiedUser, newLabels);
    }

    boolean secure() {
        return SECURE_STRING.equals(type);
    }

    /** The value as a read answers it: a SecureString's plaintext only with decryption asked for. */
    String valueRead(boolean decrypt) {
        return secure() && !decrypt ? ciphertext : value;
    }
}
