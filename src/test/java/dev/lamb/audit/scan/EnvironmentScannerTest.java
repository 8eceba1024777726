package dev.lamb.audit.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.audit.scan.SecretMatch.Kind;
import dev.lamb.config.UnfilledValue;

/** Plaintext secrets in variables: issue 17 §4 "names such as *KEY*, *SECRET*, *TOKEN* or *PASSWORD* holding a literal value". */
class EnvironmentScannerTest {
    private final FakeSecrets fake = new FakeSecrets(17);

    private static Map<String, Kind> kinds(Map<String, String> environment) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (SecretMatch m : EnvironmentScanner.scan(environment)) {
            assertEquals(SecretMatch.ENVIRONMENT, m.where());
            assertEquals(0, m.line());
            kinds.merge(m.name(), m.kind(), (a, b) -> {
                throw new AssertionError("two matches for " + m.name());
            });
        }
        return kinds;
    }

    private static Kind kindOf(String name, String value) {
        return kinds(Map.of(name, value)).get(name);
    }

    @Test
    void secretNamedVariablesWithALiteralValueAreFound() {
        String apiKey = fake.of(FakeSecrets.ALNUM, 24);
        Map<String, String> env = Map.of("DB_PASSWORD", "hunter2", "API_KEY", apiKey, "stripeSecret", "correct horse battery",
                "SESSION_TOKEN", "a1b2c3d4e5f6g7h8", "GOOGLE_CREDENTIALS", "{\"type\": \"authorized_user\"}", "PIN_PWD", "123456",
                "PRIVATE_KEY_PASSPHRASE", "open sesame");
        List<SecretMatch> matches = EnvironmentScanner.scan(env);
        assertEquals(env.keySet(), kinds(env).keySet());
        assertTrue(matches.stream().allMatch(m -> m.kind() == Kind.SECRET_NAMED_VARIABLE), matches.toString());
        env.values().forEach(v -> FakeSecrets.assertNoValue(matches, v));
        assertEquals(List.of("a literal value (7 characters)"),
                EnvironmentScanner.scan(Map.of("DB_PASSWORD", "hunter2")).stream().map(SecretMatch::description).toList(),
                "a noun phrase, for \"DB_PASSWORD holds …\"");
    }

    @Test
    void referencesPlaceholdersAndSettingsAreNotSecrets() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KEY_PREFIX", "logs/");
        env.put("TOKEN_TTL", "300");
        env.put("SECRET_NAME", "prod/db");
        env.put("KMS_KEY_ID", "1234abcd-12ab-34cd-56ef-1234567890ab");
        env.put("DB_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf");
        env.put("API_KEY", "${API_KEY}");
        env.put("SLACK_TOKEN", "$SLACK_TOKEN");
        env.put("STRIPE_KEY", "<your stripe key>");
        env.put("GITHUB_TOKEN", "ssm:/ci/github");
        env.put("DB_PASSWORD", "secretsmanager:prod/db#password");
        env.put("CF_SECRET", "{{resolve:secretsmanager:prod/db:SecretString:password}}");
        env.put("OLD_API_KEY", UnfilledValue.VALUE);
        env.put("EMPTY_SECRET", "");
        env.put("USE_TOKEN", "true");
        env.put("REQUIRE_PASSWORD", "false");
        env.put("SIGNING_KEY_ALGORITHM", "RS256");
        env.put("JWT_SECRET_REGION", "eu-west-1");
        env.put("CACHE_KEY", "users");
        env.put("KEY_SCHEME", "hs256");
        env.put("TOKEN_ENDPOINT", "https://auth.example.com/oauth2/token");
        env.put("KEYS_DIR", "/var/task/keys");
        env.put("PASSWORD_MIN_LENGTH", "12");
        env.put("TOKEN_REFRESH", "30s");
        env.put("TABLE_NAME", "orders");
        env.put("LOG_LEVEL", "DEBUG");
        assertEquals(Map.of(), kinds(env));
    }

    @Test
    void awsKeysAreFoundByFormatAndBesideEachOther() {
        String id = fake.accessKeyId();
        String secret = fake.secretAccessKey();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", secret);
        assertEquals(Map.of("AWS_ACCESS_KEY_ID", Kind.AWS_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", Kind.AWS_SECRET_KEY), kinds(env));
        assertEquals(Map.of("UPLOAD_ID", Kind.AWS_ACCESS_KEY, "UPLOAD_SIG", Kind.AWS_SECRET_KEY),
                kinds(Map.of("UPLOAD_ID", "ASIA" + id.substring(4), "UPLOAD_SIG", secret)), "an id beside makes 40 characters a key");
        assertEquals(Kind.AWS_ACCESS_KEY, kindOf("LEGACY", "user=" + id + ";region=us-east-1"));
        List<SecretMatch> matches = EnvironmentScanner.scan(env);
        FakeSecrets.assertNoValue(matches, id);
        FakeSecrets.assertNoValue(matches, secret);
        assertTrue(matches.get(0).description().contains("AKIA…"), matches.get(0).description());
        assertEquals("an AWS secret access key (40 characters)",
                matches.get(1).description(), "a secret key's hint shows only its length, none of its characters");
        FakeSecrets.assertNoValue(matches, secret.substring(secret.length() - 4));
    }

    /** The keys of the AWS IAM user guide ("Managing access keys") are keys by their format, under any name. */
    @Test
    void awsDocumentedExampleKeysAreFound() {
        assertEquals(Kind.AWS_ACCESS_KEY, kindOf("UPSTREAM", "AKIAIOSFODNN7EXAMPLE"));
        assertEquals(Kind.AWS_ACCESS_KEY, kindOf("AWS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), "a name ending in ID does not hide a key's format");
        assertEquals(Map.of("AWS_ACCESS_KEY_ID", Kind.AWS_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", Kind.AWS_SECRET_KEY),
                kinds(Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")));
        assertEquals(Kind.AWS_SECRET_KEY, kindOf("UPSTREAM_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assertEquals(null, kindOf("AWS_ACCESS_KEY_ID", "AKIAAAAAAAAAAAAAAAAA"), "one letter repeated is a placeholder");
    }

    @Test
    void knownFormatsAreFoundUnderAnyName() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + fake.of(FakeSecrets.ALNUM, 43);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CI_PAT", fake.githubToken());
        env.put("BOT", "xoxb-" + fake.of("0123456789", 12) + "-" + fake.of(FakeSecrets.ALNUM, 24));
        env.put("ALERTS", "https://hooks.slack.com/services/T0" + fake.of(FakeSecrets.UPPER_DIGITS, 8) + "/B0"
                + fake.of(FakeSecrets.UPPER_DIGITS, 8) + "/" + fake.of(FakeSecrets.ALNUM, 24));
        env.put("BILLING", "sk_live_" + fake.of(FakeSecrets.ALNUM, 24));
        env.put("MAPS", "AIza" + fake.of(FakeSecrets.ALNUM + "_-", 35));
        env.put("PUBLISH", "npm_" + fake.of(FakeSecrets.ALNUM, 36));
        env.put("AUTH_HEADER", "Bearer " + jwt);
        env.put("DATABASE_URL", "postgres://app:" + fake.of(FakeSecrets.ALNUM, 12) + "@db.internal:5432/app");
        env.put("SIGNER", "-----BEGIN EC PRIVATE KEY-----\n" + fake.of(FakeSecrets.BASE64, 64) + "\n-----END EC PRIVATE KEY-----");
        Map<String, Kind> kinds = kinds(env);
        assertEquals(List.of(Kind.GITHUB_TOKEN, Kind.SLACK_TOKEN, Kind.SLACK_WEBHOOK, Kind.STRIPE_KEY, Kind.GOOGLE_API_KEY,
                Kind.NPM_TOKEN, Kind.JSON_WEB_TOKEN, Kind.CREDENTIALS_IN_URL, Kind.PRIVATE_KEY), env.keySet().stream().map(kinds::get).toList());
        List<SecretMatch> matches = EnvironmentScanner.scan(env);
        env.values().forEach(v -> FakeSecrets.assertNoValue(matches, v.substring(v.indexOf(' ') + 1)));
        assertEquals("a private key (-----BEGIN EC PRIVATE KEY-----)", matches.get(matches.size() - 1).description());
    }

    @Test
    void nearMissesOfTheFormatsAreNot() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "AKIA" + fake.of(FakeSecrets.UPPER_DIGITS, 15));
        env.put("B", "XAKIA" + fake.of(FakeSecrets.UPPER_DIGITS, 16));
        env.put("C", "ghp_" + fake.of(FakeSecrets.ALNUM, 35));
        env.put("D", "xoxb-123");
        env.put("E", "sk_test_" + fake.of(FakeSecrets.ALNUM, 10));
        env.put("F", "npm_config_cache");
        env.put("G", "eyJhbGciOiJIUzI1NiJ9.payload");
        env.put("H", "postgres://app@db.internal:5432/app");
        env.put("I", "postgres://app:${DB_PASSWORD}@db.internal/app");
        env.put("J", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
        env.put("K", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----");
        env.put("L", "-----BEGIN RSA PRIVATE KEY-----");
        env.put("M", "ASIAAAAAAAAAAAAAAAAA");
        assertEquals(Map.of("C", Kind.HIGH_ENTROPY), kinds(env), "a token one character short is no GitHub token, though random");
    }

    @Test
    void highEntropyStringsAreFoundUnlessTheNameSaysWhatTheyAre() {
        assertEquals(Kind.HIGH_ENTROPY, kindOf("CONFIG_BLOB", fake.of(FakeSecrets.BASE64, 40)));
        assertEquals(Kind.HIGH_ENTROPY, kindOf("SIGNATURE", fake.of(FakeSecrets.HEX, 40)));
        assertEquals(null, kindOf("GIT_SHA", fake.of(FakeSecrets.HEX, 40)), "a commit, by its name");
        assertEquals(null, kindOf("BUILD_CHECKSUM", fake.of(FakeSecrets.HEX, 64)));
        assertEquals(null, kindOf("REQUEST_ID", "550e8400-e29b-41d4-a716-446655440000"), "a UUID's parts are short runs");
        assertEquals(null, kindOf("GREETING", "the quick brown fox jumps over the lazy dog"));
        assertEquals(null, kindOf("ENTRY", "/var/task/node_modules/some-package/dist/index.js"));
        assertEquals(null, kindOf("ORDER_NUMBER", "123456789012345678901234567890"), "digits are a number");
        List<SecretMatch> blob = EnvironmentScanner.scan(Map.of("BLOB", fake.of(FakeSecrets.BASE64, 40)));
        assertTrue(blob.get(0).description().matches("a high-entropy base64 string \\(40 characters, \\d\\.\\d bits a character\\)"),
                blob.get(0).description());
    }
}
