package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.lamb.config.SecretReference;

/**
 * lamb-secrets, the role's grant of [function.secrets] (issue 17 section 2): exactly secretsmanager:GetSecretValue on the
 * secrets' ARNs, ssm:GetParameter on the parameters' ARNs (the actions the Secrets Manager and Systems Manager API
 * references name for reading a value), kms:Decrypt on a customer managed key only, no wildcard; one set of statements
 * per stage, with Sids of letters and digits only, as IAM's policy grammar requires of a Sid.
 */
class SecretsPolicyTest {
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:DB_PASSWORD-AbCdEf";
    private static final String PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/app/api-key";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static ResolvedSecret secret(String name, String reference, String arn, Optional<String> key) {
        return new ResolvedSecret(name, SecretReference.parse(reference).orElseThrow(), arn, key);
    }

    @Test
    void eachStoreGetsItsReadActionOnExactlyItsArnsAndACustomerKeyDecrypt() {
        SecretsPolicy policy = SecretsPolicy.none().withStage("dev", List.of(
                secret("DB_PASSWORD", "secretsmanager:DB_PASSWORD#password", SECRET, Optional.of(KEY)),
                secret("API_KEY", "ssm:/app/api-key", PARAMETER, Optional.empty())));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"devKeys\",\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":[\"" + KEY + "\"]},"
                + "{\"Sid\":\"devSecrets\",\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":[\"" + SECRET + "\"]},"
                + "{\"Sid\":\"devParameters\",\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\",\"Resource\":[\"" + PARAMETER + "\"]}]}",
                policy.json());
        assertFalse(policy.json().contains("*"), "no wildcard");
        assertEquals("kms:Decrypt on " + KEY + "; secretsmanager:GetSecretValue on " + SECRET + "; ssm:GetParameter on " + PARAMETER,
                policy.describe("dev"));
    }

    @Test
    void deployingOneStageKeepsTheOtherStagesGrantsAndTheLastOneGoneEmptiesThePolicy() {
        SecretsPolicy both = SecretsPolicy.none()
                .withStage("prod", List.of(secret("DB_PASSWORD", "secretsmanager:prod-db", SECRET, Optional.empty())))
                .withStage("dev", List.of(secret("API_KEY", "ssm:/app/api-key", PARAMETER, Optional.empty())));
        assertTrue(both.hasStage("dev") && both.hasStage("prod"));
        SecretsPolicy devGone = both.withStage("dev", List.of());
        assertEquals("secretsmanager:GetSecretValue on " + SECRET, devGone.describe("prod"));
        assertEquals("", devGone.describe("dev"));
        assertTrue(devGone.withoutStage("prod").isEmpty());
    }

    @Test
    void theSameGrantsReadBackFromIamInAnotherOrderNeedNoWrite() {
        SecretsPolicy wanted = SecretsPolicy.none()
                .withStage("prod", List.of(secret("DB_PASSWORD", "secretsmanager:prod-db", SECRET, Optional.empty())))
                .withStage("dev", List.of(secret("API_KEY", "ssm:/app/api-key", PARAMETER, Optional.empty())));
        SecretsPolicy reordered = SecretsPolicy.none()
                .withStage("dev", List.of(secret("API_KEY", "ssm:/app/api-key", PARAMETER, Optional.empty())))
                .withStage("prod", List.of(secret("DB_PASSWORD", "secretsmanager:prod-db", SECRET, Optional.empty())));
        // IAM's GetRolePolicy answers the document URL-encoded (IAM API reference, GetRolePolicy's PolicyDocument).
        SecretsPolicy read = SecretsPolicy.parse(URLEncoder.encode(reordered.json(), StandardCharsets.UTF_8));
        assertTrue(wanted.sameAs(read));
        assertFalse(wanted.sameAs(read.withoutStage("dev")));
    }

    @Test
    void stageNamesWithUnderscoresGetDistinctSidsOfLettersAndDigits() {
        String action = "secretsmanager:GetSecretValue";
        assertTrue(SecretsPolicy.sid("qa_1", action).matches("[A-Za-z0-9]+"), SecretsPolicy.sid("qa_1", action));
        assertNotEquals(SecretsPolicy.sid("qa_1", action), SecretsPolicy.sid("qaXU1", action));
        assertNotEquals(SecretsPolicy.sid("qa_1", action), SecretsPolicy.sid("qa1", action));
    }

    @Test
    void theFunctionFindsEachSecretByNameSecretArnHoldingTheArnAndItsJsonKey() {
        ResolvedSecret db = secret("DB_PASSWORD", "secretsmanager:DB_PASSWORD#password", SECRET, Optional.empty());
        assertEquals("DB_PASSWORD_SECRET_ARN", db.variable());
        assertEquals(SECRET + "#password", db.variableValue());
        assertEquals("/app/db", SecretResolver.parameterName("arn:aws:ssm:us-east-1:123456789012:parameter/app/db"));
        assertEquals("plain", SecretResolver.parameterName("arn:aws:ssm:us-east-1:123456789012:parameter/plain"));
    }
}
