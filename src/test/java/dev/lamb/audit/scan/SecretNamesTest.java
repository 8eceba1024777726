package dev.lamb.audit.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which names hold secrets (issue 17 §4's *KEY*, *SECRET*, *TOKEN*, *PASSWORD*) and which values are written-out ones. */
class SecretNamesTest {
    @Test
    void namesSplitIntoWordsWhateverTheirCase() {
        assertEquals(List.of("API", "KEY"), SecretNames.words("apiKey"));
        assertEquals(List.of("DB", "PASSWORD"), SecretNames.words("db-password"));
        assertEquals(List.of("STRIPE", "SECRET", "KEY"), SecretNames.words("stripe.secret_key"));
    }

    @Test
    void secretWordsAnywhereUnlessTheLastWordSaysItIsAboutOne() {
        for (String name : List.of("API_KEY", "apiKey", "SECRET", "CLIENT_SECRET", "GITHUB_TOKEN", "DB_PASSWORD", "SMTP_PASSWD",
                "MYSQL_PWD", "GOOGLE_CREDENTIALS", "PRIVATE_KEY", "APIKEY", "ACCESS_TOKEN_VALUE")) {
            assertTrue(SecretNames.isSecret(name), name);
        }
        for (String name : List.of("KEY_PREFIX", "TOKEN_TTL", "SECRET_NAME", "KMS_KEY_ID", "KMS_KEY_ARN", "PASSWORD_MIN_LENGTH",
                "API_KEY_HEADER", "SIGNING_KEY_ALGORITHM", "TOKEN_ENDPOINT", "TABLE_NAME", "LOG_LEVEL", "PRIVATE_SUBNETS")) {
            assertFalse(SecretNames.isSecret(name), name);
        }
        assertTrue(SecretNames.isPassword("DB_PASSWORD"));
        assertFalse(SecretNames.isPassword("API_KEY"));
    }

    @Test
    void literalValuesAgainstReferencesPlaceholdersAndSettings() {
        assertTrue(LiteralValues.isSecret("API_KEY", "9f8e7d6c5b4a"));
        assertTrue(LiteralValues.isSecret("DB_PASSWORD", "123456"), "under a password name a number is a password");
        assertTrue(LiteralValues.isSecret("DB_PASSWORD", "admin"));
        assertTrue(LiteralValues.isSecret("API_TOKEN", "/" + new FakeSecrets(5).of(FakeSecrets.BASE64, 39)), "a key that starts with /");
        assertFalse(LiteralValues.isSecret("DB_PASSWORD", "false"));
        assertFalse(LiteralValues.isSecret("DB_PASSWORD", "  "));
        assertFalse(LiteralValues.isSecret("API_KEY", "300"));
        assertFalse(LiteralValues.isSecret("API_KEY", "1.5"));
        assertFalse(LiteralValues.isSecret("API_KEY", "30s"));
        assertFalse(LiteralValues.isSecret("API_KEY", "logs/"));
        assertFalse(LiteralValues.isSecret("API_KEY", "./keys/dev.pem"));
        assertFalse(LiteralValues.isSecret("API_KEY", "https://example.com/key"));
        assertFalse(LiteralValues.isSecret("API_KEY", "us-east-1"));
        for (String reference : List.of("arn:aws:ssm:us-east-1:123456789012:parameter/x", "ssm:/x", "secretsmanager:x", "${X}", "$X",
                "<fill me>", "{{resolve:ssm-secure:x:1}}")) {
            assertTrue(LiteralValues.isReference(reference), reference);
            assertFalse(LiteralValues.isSecret("DB_PASSWORD", reference), reference);
        }
    }
}
