package dev.lamb.local.cloud.secretsmanager;

import java.security.SecureRandom;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.LocalAccount;

/**
 * Secrets' names and ARNs as the Secrets Manager API Reference defines them: a name of up to 512 of its characters; an ARN
 * of the name and 6 random characters; a SecretId that is a name, an ARN or a partial ARN (the ARN without those 6).
 */
final class SecretArns {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String SUFFIX_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** A dash and the 6 random characters. */
    private static final int SUFFIX_LENGTH = 7;
    private static final String SECRET = ":secret:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretArns() {}

    /** Refuses a name CreateSecret does not take. */
    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw SecretsManagerErrors.validation("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }
    }

    /** What every secret ARN of the region starts with; the name and 6 random characters follow. */
    static String prefix(String region) {
        return "arn:aws:secretsmanager:" + region + ":" + LocalAccount.ID + SECRET;
    }

    /** A new secret's ARN: the name and 6 random characters, as Secrets Manager appends them. */
    static String of(String region, String name) {
        StringBuilder out = new StringBuilder(prefix(region)).append(name).append('-');
        for (int i = 0; i < SUFFIX_LENGTH - 1; i++) {
            out.append(SUFFIX_CHARACTERS.charAt(RANDOM.nextInt(SUFFIX_CHARACTERS.length())));
        }
        return out.toString();
    }

    /** Whether an ARN SecretId names the secret: its full ARN, or its partial one ("Finding a secret from a partial ARN"). */
    static boolean names(String id, Secret secret) {
        return secret.arn().equals(id) || secret.arn().substring(0, secret.arn().length() - SUFFIX_LENGTH).equals(id);
    }

    /** The ARN and name a SecretId stands for when no secret has it: as given, or the region's ARN of that name. */
    static String arnOf(String region, String id) {
        return id.startsWith("arn:") ? id : prefix(region) + id;
    }

    static String nameOf(String id) {
        return id.startsWith("arn:") ? id.substring(id.lastIndexOf(SECRET) + SECRET.length()) : id;
    }
}
