package dev.lamb.local.cloud.secretsmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;

/**
 * What no client can wait for or see, on the Secrets Manager service itself: the end of a recovery window, deprecated
 * versions dropped with their values, and the IAM action and resource each request asks for (the Service Authorization
 * Reference's secretsmanager actions on the secret ARN; CreateSecret with tags needs TagResource too, its reference says).
 */
class SecretsManagerServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:";

    @TempDir
    Path data;

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);

    private SecretsManagerService service() {
        return new SecretsManagerService("eu-west-1", data, now::get);
    }

    @Test
    void aSecretIsGoneForGoodOnceItsRecoveryWindowEnds() throws Exception {
        SecretsManagerService sm = service();
        call(sm, "CreateSecret", "{\"Name\":\"db\",\"SecretString\":\"old-db-value\"}");
        JsonNode deleted = call(sm, "DeleteSecret", "{\"SecretId\":\"db\",\"RecoveryWindowInDays\":7}");
        long window = Duration.ofDays(7).toMillis();
        assertEquals((now.get() + window) / 1000.0, deleted.get("DeletionDate").asDouble(), "DeletionDate: the request plus the window");
        now.addAndGet(window - 1);
        assertEquals(1, call(sm, "ListSecrets", "{\"IncludePlannedDeletion\":true}").get("SecretList").size(), "still in its window");
        now.addAndGet(1);
        AwsServiceException gone = assertThrows(AwsServiceException.class, () -> call(sm, "DescribeSecret", "{\"SecretId\":\"db\"}"));
        assertEquals("ResourceNotFoundException", gone.code());
        call(sm, "CreateSecret", "{\"Name\":\"db\",\"SecretString\":\"new-db-value\"}");
        assertFalse(anyFileHolds("old-db-value"), "its value file went with it");
    }

    /**
     * A version without a label is deprecated, not deleted (the User Guide's "Secret versions"; GetSecretValue's VersionId):
     * it is left out of VersionIdsToStages but read by its id, across a restart, until the secret has more than 100 versions,
     * when the oldest deprecated ones go with their values.
     */
    @Test
    void aVersionLeftWithoutALabelIsDeprecatedReadableByIdUntilPast100Versions() throws Exception {
        SecretsManagerService sm = service();
        String first = call(sm, "CreateSecret", "{\"Name\":\"k\",\"SecretString\":\"value-one\"}").get("VersionId").asText();
        String second = call(sm, "PutSecretValue", "{\"SecretId\":\"k\",\"SecretString\":\"value-two\"}").get("VersionId").asText();
        String third = call(sm, "PutSecretValue", "{\"SecretId\":\"k\",\"SecretString\":\"value-three\"}").get("VersionId").asText();

        JsonNode described = call(service(), "DescribeSecret", "{\"SecretId\":\"k\"}");
        assertEquals(JSON.readTree("{\"" + second + "\":[\"AWSPREVIOUS\"],\"" + third + "\":[\"AWSCURRENT\"]}"),
                described.get("VersionIdsToStages"));
        assertEquals("value-one", call(service(), "GetSecretValue", "{\"SecretId\":\"k\",\"VersionId\":\"" + first + "\"}")
                .get("SecretString").asText(), "deprecated, still read by its id");
        assertEquals("value-two", call(service(), "GetSecretValue", "{\"SecretId\":\"k\",\"VersionStage\":\"AWSPREVIOUS\"}")
                .get("SecretString").asText());

        SecretsManagerService again = service();
        for (int n = 4; n <= Secret.MAX_VERSIONS + 1; n++) {
            call(again, "PutSecretValue", "{\"SecretId\":\"k\",\"SecretString\":\"value-" + n + "\"}");
        }
        AwsServiceException dropped = assertThrows(AwsServiceException.class,
                () -> call(service(), "GetSecretValue", "{\"SecretId\":\"k\",\"VersionId\":\"" + first + "\"}"));
        assertEquals("Secrets Manager can't find the specified secret value for VersionId: " + first, dropped.getMessage());
        assertFalse(anyFileHolds("value-one"), "the oldest deprecated version went with its value past 100 versions");
        assertEquals("value-two", call(service(), "GetSecretValue", "{\"SecretId\":\"k\",\"VersionId\":\"" + second + "\"}")
                .get("SecretString").asText(), "the next one stays: 100 versions");
    }

    @Test
    void eachRequestAsksForItsActionOnTheSecretsArn() throws Exception {
        SecretsManagerService sm = service();
        String arn = call(sm, "CreateSecret", "{\"Name\":\"app/token\",\"SecretString\":\"t\"}").get("ARN").asText();
        assertTrue(arn.matches(ARN + "app/token-[A-Za-z0-9]{6}"), arn);
        assertEquals(List.of(new IamAction("secretsmanager:GetSecretValue", arn)),
                sm.iamActions(request("GetSecretValue", "{\"SecretId\":\"app/token\"}")), "by name");
        assertEquals(List.of(new IamAction("secretsmanager:DescribeSecret", arn)),
                sm.iamActions(request("DescribeSecret", "{\"SecretId\":\"" + ARN + "app/token\"}")), "by partial ARN");
        assertEquals(List.of(new IamAction("secretsmanager:GetSecretValue", "missing")),
                sm.iamActions(request("GetSecretValue", "{\"SecretId\":\"missing\"}")), "no such secret: the SecretId as given");
        assertEquals(List.of(IamAction.onAny("secretsmanager:ListSecrets")), sm.iamActions(request("ListSecrets", "{}")));
        String encrypted = call(sm, "CreateSecret", "{\"Name\":\"cmk\",\"SecretString\":\"c\",\"KmsKeyId\":\"alias/app\"}")
                .get("ARN").asText();
        assertEquals(List.of(new IamAction("secretsmanager:GetSecretValue", encrypted),
                new IamAction("kms:Decrypt", "arn:aws:kms:eu-west-1:000000000000:alias/app")),
                sm.iamActions(request("GetSecretValue", "{\"SecretId\":\"cmk\"}")), "a customer managed key: kms:Decrypt too");
        assertEquals(List.of(new IamAction("secretsmanager:CreateSecret", ARN + "new-??????"),
                new IamAction("secretsmanager:TagResource", ARN + "new-??????")),
                sm.iamActions(request("CreateSecret", "{\"Name\":\"new\",\"Tags\":[{\"Key\":\"a\",\"Value\":\"b\"}]}")));
    }

    private boolean anyFileHolds(String text) throws Exception {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8).contains(text);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static CloudRequest request(String operation, String body) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("X-Amz-Target", List.of("secretsmanager." + operation));
        return new CloudRequest("POST", "/", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), "eu-west-1");
    }

    private static JsonNode call(SecretsManagerService sm, String operation, String body) throws Exception {
        CloudResponse response = sm.handle(request(operation, body));
        assertEquals(200, response.status());
        return JSON.readTree(response.body());
    }
}
