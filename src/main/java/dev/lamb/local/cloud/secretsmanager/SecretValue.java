package dev.lamb.local.cloud.secretsmanager;

import java.util.Objects;

/**
 * A version's protected data: the SecretString, or the SecretBinary as its Base64 text (as the JSON protocol carries it).
 * Never logged, never in an error message, never in the metadata file.
 */
record SecretValue(String string, String binary) {
    /** Whether both hold the same data (a retried request with the same ClientRequestToken). */
    boolean same(SecretValue other) {
        return other != null && Objects.equals(string, other.string) && Objects.equals(binary, other.binary);
    }

    @Override
    public String toString() {
        return "SecretValue[hidden]";
    }
}
