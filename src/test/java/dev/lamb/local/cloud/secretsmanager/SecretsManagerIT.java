package dev.lamb.local.cloud.secretsmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.cloud.LocalCloudServices;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Issue 17 §3: the local cloud serves Secrets Manager to the AWS CLI v2, unchanged (boto3's round trips are
 * Boto3IT's secretsmanager_roundtrips.py); its values are kept in files of their own, 0600, found in no other file of
 * the data folder and in none of the cloud's notices, and outlive a restart; a role session without a grant gets
 * AccessDeniedException. Expected values from the Secrets Manager API Reference (operations, errors, the ARN format
 * arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX), botocore's secretsmanager/2017-10-17 model (awsJson1_1,
 * whose client errors are 400) and the IAM User Guide's AccessDenied message.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecretsManagerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final AwsCredentialsIdentity TEST_KEYS = AwsCredentialsIdentity.create("test", "test");

    @TempDir
    static Path data;

    @TempDir
    static Path work;

    private static final List<String> notices = Collections.synchronizedList(new ArrayList<>());
    private static LocalCloud cloud;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(0, LocalCloudServices.create(data, notices::add));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void theAwsCliCreatesPutsReadsDescribesListsDeletesAndRestores() {
        RequiredTools.require(AwsCli.PATH);
        JsonNode created = cli("create-secret", "--name", "cli/db-password", "--secret-string", "cli-first", "--description", "from the CLI");
        String arn = created.get("ARN").asText();
        assertTrue(arn.matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:cli/db-password-[A-Za-z0-9]{6}"), arn);
        JsonNode put = cli("put-secret-value", "--secret-id", "cli/db-password", "--secret-string", "cli-second");
        assertEquals("[\"AWSCURRENT\"]", put.get("VersionStages").toString());
        JsonNode previous = cli("get-secret-value", "--secret-id", arn, "--version-stage", "AWSPREVIOUS");
        assertEquals("cli-first", previous.get("SecretString").asText(), "the old version became AWSPREVIOUS");
        assertEquals(created.get("VersionId").asText(), previous.get("VersionId").asText());
        JsonNode described = cli("describe-secret", "--secret-id", "cli/db-password");
        assertEquals("from the CLI", described.get("Description").asText());
        assertEquals("[\"AWSCURRENT\"]", described.get("VersionIdsToStages").get(put.get("VersionId").asText()).toString());
        JsonNode listed = cli("list-secrets", "--filters", "Key=name,Values=cli/");
        assertEquals(1, listed.get("SecretList").size(), listed.toString());

        JsonNode deleted = cli("delete-secret", "--secret-id", "cli/db-password", "--recovery-window-in-days", "7");
        assertTrue(deleted.has("DeletionDate"), deleted.toString());
        // "When a secret is scheduled for deletion, you cannot retrieve the secret value" (DeleteSecret's reference).
        Processes.Result refused = AwsCli.run(work, cloud.endpoint(), "secretsmanager", "get-secret-value", "--secret-id", "cli/db-password");
        assertEquals(254, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("An error occurred (InvalidRequestException) when calling the GetSecretValue operation: "
                + "You can't perform this operation on the secret because it was marked for deletion."), refused.output());
        assertEquals(arn, cli("restore-secret", "--secret-id", "cli/db-password").get("ARN").asText());
    }

    @Test
    void aValueLivesInItsOwnPrivateFileOnlyAndOutlivesARestart() throws Exception {
        String value = "v4lue-" + System.nanoTime();
        String arn = call(TEST_KEYS, "CreateSecret", Map.of("Name", "files/api-key", "SecretString", value)).body().get("ARN").asText();
        call(TEST_KEYS, "GetSecretValue", Map.of("SecretId", arn));

        List<Path> holding = filesHolding(value);
        assertEquals(1, holding.size(), "the value is in its own value file only: " + holding);
        assertTrue(holding.get(0).startsWith(data.resolve("secretsmanager").resolve("values")), holding.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(holding.get(0))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(holding.get(0).getParent())));
        assertFalse(String.join("\n", notices).contains(value), "no notice of the cloud's names the value: " + notices);

        cloud.close();
        cloud = LocalCloud.start(0, LocalCloudServices.create(data, notices::add));
        assertEquals(value, call(TEST_KEYS, "GetSecretValue", Map.of("SecretId", "files/api-key")).body().get("SecretString").asText(),
                "kept across a restart");
        assertEquals(List.of(holding.get(0)), filesHolding(value));
    }

    @Test
    void aRoleSessionReadsOnlyTheSecretsItsPoliciesGrant() throws Exception {
        RequiredTools.require(AwsCli.PATH);
        String granted = call(TEST_KEYS, "CreateSecret", Map.of("Name", "role/granted", "SecretString", "ok")).body().get("ARN").asText();
        String other = call(TEST_KEYS, "CreateSecret", Map.of("Name", "role/other", "SecretString", "no")).body().get("ARN").asText();
        Credentials keys;
        StaticCredentialsProvider owner = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(owner).httpClient(Apache5HttpClient.builder().build()).build();
             StsClient sts = StsClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(owner).httpClient(Apache5HttpClient.builder().build()).build()) {
            iam.createRole(r -> r.roleName("secret-reader").assumeRolePolicyDocument(TRUST));
            iam.putRolePolicy(r -> r.roleName("secret-reader").policyName("lamb-secrets").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
                            + "\"Resource\":\"" + granted + "\"}]}"));
            keys = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/secret-reader").roleSessionName("fn")).credentials();
        }
        Map<String, String> asRole = Map.of("AWS_ACCESS_KEY_ID", keys.accessKeyId(), "AWS_SECRET_ACCESS_KEY", keys.secretAccessKey(),
                "AWS_SESSION_TOKEN", keys.sessionToken());
        Processes.Result read = AwsCli.run(work, cloud.endpoint(), asRole, "secretsmanager", "get-secret-value", "--secret-id", "role/granted");
        assertEquals(0, read.exitCode(), read.output());
        Processes.Result denied = AwsCli.run(work, cloud.endpoint(), asRole, "secretsmanager", "get-secret-value", "--secret-id", "role/other");
        assertEquals(254, denied.exitCode(), denied.output());
        assertTrue(denied.output().contains("An error occurred (AccessDeniedException) when calling the GetSecretValue operation: "
                + "User: arn:aws:sts::000000000000:assumed-role/secret-reader/fn is not authorized to perform: "
                + "secretsmanager:GetSecretValue on resource: " + other + " because no identity-based policy allows the "
                + "secretsmanager:GetSecretValue action"), denied.output());
        assertFalse(denied.output().contains("\"no\""), "no value in the refusal");
        Answer describe = call(AwsCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey()), "DescribeSecret",
                Map.of("SecretId", granted), keys.sessionToken());
        assertEquals(400, describe.status(), "awsJson1_1's client errors are 400: " + describe.body());
        assertEquals("AccessDeniedException", describe.body().get("__type").asText());
    }

    private static JsonNode cli(String... args) {
        List<String> all = new ArrayList<>(List.of("secretsmanager"));
        all.addAll(List.of(args));
        return AwsCli.json(work, cloud.endpoint(), all.toArray(String[]::new));
    }

    private static List<Path> filesHolding(String value) throws IOException {
        byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, wanted)).toList();
        }
    }

    private static boolean contains(Path file, byte[] wanted) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(new String(wanted, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return false;
        }
    }

    private record Answer(int status, JsonNode body) {}

    private static Answer call(AwsCredentialsIdentity keys, String operation, Map<String, String> body) throws Exception {
        Answer answer = call(keys, operation, body, null);
        assertEquals(200, answer.status(), answer.body().toString());
        return answer;
    }

    /** One request as a Secrets Manager client sends it, signed by the Java SDK's SigV4 signer. */
    private static Answer call(AwsCredentialsIdentity keys, String operation, Map<String, String> body, String sessionToken)
            throws Exception {
        byte[] json = JSON.writeValueAsBytes(body);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(cloud.endpoint() + "/"))
                .putHeader("X-Amz-Target", "secretsmanager." + operation).putHeader("Content-Type", "application/x-amz-json-1.1");
        if (sessionToken != null) {
            request.putHeader("X-Amz-Security-Token", sessionToken);
        }
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(keys).request(request.build())
                .payload(ContentStreamProvider.fromByteArray(json))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder http = HttpRequest.newBuilder(signed.getUri()).POST(HttpRequest.BodyPublishers.ofByteArray(json));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                http.header(name, values.get(0));
            }
        });
        HttpResponse<String> response = HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
