package dev.lamb.audit.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Secrets in lamb.toml at their lines (issue 17 §4: "plaintext secrets in the environment, deployed or in lamb.toml"). */
class LambTomlScannerTest {
    private final FakeSecrets fake = new FakeSecrets(4);

    /** Kind, line and name of each match, and no value in any. */
    private static List<String> found(String toml, String... values) {
        List<SecretMatch> matches = LambTomlScanner.scan(toml, "lamb.toml");
        for (String value : values) {
            FakeSecrets.assertNoValue(matches, value);
        }
        matches.forEach(m -> assertEquals("lamb.toml", m.where()));
        return matches.stream().map(m -> m.kind() + "@" + m.line() + (m.name().isEmpty() ? "" : " " + m.name())).toList();
    }

    /** AWS's documented example keys (IAM user guide) are credentials by their format, whatever the variable's name. */
    @Test
    void awsDocumentedExampleKeysAreCredentials() {
        String toml = String.join("\n", "[function.environment]", "UPSTREAM = \"AKIAIOSFODNN7EXAMPLE\"",
                "UPSTREAM_S = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"", "AWS_KEY_ID = \"AKIAIOSFODNN7EXAMPLE\"");
        assertEquals(List.of("AWS_ACCESS_KEY@2 UPSTREAM", "AWS_SECRET_KEY@3 UPSTREAM_S", "AWS_ACCESS_KEY@4 AWS_KEY_ID"),
                found(toml, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    }

    @Test
    void environmentsOfTheFunctionAndOfEachStageAreJudgedAtTheirLines() {
        String apiKey = fake.of(FakeSecrets.ALNUM, 24);
        String oldKey = fake.accessKeyId();
        String id = fake.accessKeyId();
        String stripe = "sk_live_" + fake.of(FakeSecrets.ALNUM, 24);
        String toml = String.join("\n",
                "[function]",
                "name = \"orders\"",
                "runtime = \"python3.13\"",
                "handler = \"app.handler\"",
                "# the key we used before: " + oldKey,
                "[function.environment]",
                "TABLE_NAME = \"orders\"",
                "API_KEY = \"" + apiKey + "\"",
                "KEY_PREFIX = \"logs/\"",
                "AWS_ACCESS_KEY_ID = \"" + id + "\"",
                "[function.secrets]",
                "DB_PASSWORD = \"secretsmanager:prod/db\"",
                "[stage.prod.environment]",
                "\"STRIPE_KEY\" = \"" + stripe + "\"",
                "TOKEN_TTL = \"300\"",
                "");
        assertEquals(List.of("AWS_ACCESS_KEY@5", "SECRET_NAMED_VARIABLE@8 API_KEY", "AWS_ACCESS_KEY@10 AWS_ACCESS_KEY_ID",
                "STRIPE_KEY@14 STRIPE_KEY"), found(toml, apiKey, oldKey, id, stripe));
    }

    @Test
    void inlineAndDottedEnvironmentsAndMultiLineValuesGiveOneMatchAtTheKey() {
        String token = fake.githubToken();
        String password = fake.of(FakeSecrets.ALNUM, 14);
        String toml = String.join("\n",
                "[function]",
                "name = \"orders\"",
                "environment = { GH = \"" + token + "\", LOG_LEVEL = \"debug\" }",
                "[stage.dev]",
                "environment.DB_PASSWORD = \"" + password + "\"",
                "[stage.prod.environment]",
                "SIGNER = \"\"\"",
                "-----BEGIN OPENSSH PRIVATE KEY-----",
                "b3BlbnNzaC1rZXktdjEAAAAA",
                "-----END OPENSSH PRIVATE KEY-----",
                "\"\"\"",
                "REGION_NAME = \"eu-west-1\"",
                "");
        assertEquals(List.of("GITHUB_TOKEN@3 GH", "SECRET_NAMED_VARIABLE@5 DB_PASSWORD", "PRIVATE_KEY@7 SIGNER"),
                found(toml, token, password));
    }

    @Test
    void referencesAndTheDefaultTemplateFindNothing() {
        String toml = String.join("\n",
                "[function]",
                "name = \"orders\"",
                "runtime = \"nodejs22.x\"",
                "handler = \"index.handler\"",
                "memory = 256",
                "[function.environment]",
                "NODE_OPTIONS = \"--enable-source-maps\"",
                "API_KEY = \"${API_KEY}\"",
                "[function.secrets]",
                "STRIPE_KEY = \"secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-AbCdEf#key\"",
                "DB_PASSWORD = \"ssm:/prod/db/password\"",
                "");
        assertEquals(List.of(), found(toml));
    }

    @Test
    void aFileThatIsNotTomlIsStillSearchedForKnownFormats() {
        String id = fake.accessKeyId();
        assertEquals(List.of("AWS_ACCESS_KEY@2"), found("[function\nkey = \"" + id + "\"\n", id));
    }
}
