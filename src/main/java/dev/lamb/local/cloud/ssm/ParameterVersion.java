package dev.lamb.local.cloud.ssm;

/**
 * One version of a parameter as Parameter Store keeps it. {@code ciphertext} is what a SecureString reads as without
 * WithDecryption: an opaque blob made when the version is put, never derived from the value (null for the other types).
 */
record ParameterVersion(String name, String type, String value, String ciphertext, long version, String description, String keyId,
        String allowedPattern, String tier, String dataType, long lastModified, String lastModifiedUser) {
    static final String SECURE_STRING = "SecureString";

    boolean secure() {
        return SECURE_STRING.equals(type);
    }

    /** The value as a read answers it: a SecureString's plaintext only with decryption asked for. */
    String valueRead(boolean decrypt) {
        return secure() && !decrypt ? ciphertext : value;
    }
}
