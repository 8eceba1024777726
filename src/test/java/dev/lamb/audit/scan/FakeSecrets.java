package dev.lamb.audit.scan;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Random;

/**
 * Credential-shaped strings made at run time from a seeded generator, so the tests hold no string that a secret scanner
 * (GitHub's push protection included) would take for a real key, and each run sees the same values.
 */
final class FakeSecrets {
    static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String BASE64 = ALNUM + "+/";
    static final String HEX = "0123456789abcdef";

    private final Random random;

    FakeSecrets(long seed) {
        random = new Random(seed);
    }

    String of(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    String accessKeyId() {
        return "AKIA" + of(UPPER_DIGITS, 16);
    }

    String secretAccessKey() {
        return of(BASE64, 40);
    }

    String githubToken() {
        return "ghp_" + of(ALNUM, 36);
    }

    /** The test's promise: no match says the value, nor its part after a public prefix. */
    static void assertNoValue(List<SecretMatch> matches, String value) {
        for (SecretMatch m : matches) {
            String said = m.toString();
            assertFalse(said.contains(value), "a match shows the value: " + said);
            String body = value.length() > 8 ? value.substring(4, value.length() - 4) : value;
            assertFalse(said.contains(body), "a match shows part of the value: " + said);
        }
    }
}
