package dev.lamb.local.cloud.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Issue 17 §3: the local cloud's SSM Parameter Store through the AWS CLI v2 as users type it, against a cloud started as
 * users start it (`lamb local start --detach`, its log in the data folder). Expected values from the SSM API Reference
 * (PutParameter's Version and Tier; a SecureString's value only WithDecryption; ParameterNotFound) and the IAM User
 * Guide's AccessDenied message; the CLI prints "An error occurred (CODE) when calling the OPERATION operation" and exits
 * 254 on a service error.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SsmCliIT {
    private static final String SECRET = "pa55-never-logged-7f3c";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String ARN = "arn:aws:ssm:us-east-1:000000000000:parameter/";

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static String endpoint;

    @BeforeAll
    static void start() {
        RequiredTools.require(AwsCli.PATH);
        int port = Ports.free();
        endpoint = "http://127.0.0.1:" + port;
        startCloud(port);
    }

    private static void startCloud(int port) {
        Lamb.Run start = Lamb.run("local", "start", "--detach", "--port", Integer.toString(port), "--data-dir", data.toString());
        assertEquals(0, start.exitCode(), start.err());
    }

    @AfterAll
    static void stop() {
        Lamb.run("local", "stop", "--data-dir", data.toString());
    }

    private static JsonNode ok(String... args) {
        return AwsCli.json(work, endpoint, args);
    }

    /** Each CLI call costs half a second of CPU: one call an operation, the errors' codes are boto3's to check (ssm_roundtrips.py). */
    @Test
    void theCliPutsGetsListsDescribesAndDeletesParameters() {
        assertEquals(1, ok("ssm", "put-parameter", "--name", "/cli/app/url", "--value", "https://one", "--type", "String")
                .path("Version").asInt());
        JsonNode put = ok("ssm", "put-parameter", "--name", "/cli/app/url", "--value", "https://two", "--overwrite");
        assertEquals(2, put.path("Version").asInt(), "an overwrite without --type keeps the type: the next version");
        assertEquals("Standard", put.path("Tier").asText());
        ok("ssm", "put-parameter", "--name", "/cli/app/db/password", "--value", "cli-s3cr3t", "--type", "SecureString");

        JsonNode plain = ok("ssm", "get-parameter", "--name", "/cli/app/db/password").path("Parameter");
        assertFalse(plain.path("Value").asText().contains("cli-s3cr3t"), "without --with-decryption a SecureString is not its value");
        assertEquals(ARN + "cli/app/db/password", plain.path("ARN").asText(), "no double slash after parameter");

        JsonNode byPath = ok("ssm", "get-parameters-by-path", "--path", "/cli", "--recursive", "--with-decryption");
        assertEquals(List.of("/cli/app/db/password=cli-s3cr3t", "/cli/app/url=https://two"),
                byPath.path("Parameters").findValues("Name").stream().map(JsonNode::asText).sorted()
                        .map(n -> n + "=" + valueOf(byPath, n)).toList());

        JsonNode described = ok("ssm", "describe-parameters", "--parameter-filters", "Key=Type,Values=SecureString",
                "Key=Path,Option=Recursive,Values=/cli").path("Parameters");
        assertEquals(1, described.size(), described.toString());
        assertEquals("/cli/app/db/password", described.at("/0/Name").asText());
        assertEquals("alias/aws/ssm", described.at("/0/KeyId").asText(), "a SecureString's default key");
        assertEquals(1, described.at("/0/Version").asInt());
        assertFalse(described.at("/0/LastModifiedDate").asText().isEmpty(), described.toString());
        assertFalse(described.toString().contains("cli-s3cr3t"), "DescribeParameters gives no value");

        ok("ssm", "delete-parameter", "--name", "/cli/app/url");
        Processes.Result gone = AwsCli.run(work, endpoint, "ssm", "get-parameter", "--name", "/cli/app/url");
        assertEquals(254, gone.exitCode(), gone.output());
        assertTrue(gone.output().contains("An error occurred (ParameterNotFound) when calling the GetParameter operation"), gone.output());
    }

    private static String valueOf(JsonNode list, String name) {
        for (JsonNode p : list.path("Parameters")) {
            if (p.path("Name").asText().equals(name)) {
                return p.path("Value").asText();
            }
        }
        return null;
    }

    /**
     * Issue 17 §3: a value survives a restart, in a file only its owner reads (0600, in a 0700 folder), and is nowhere else
     * in the data folder: not in the cloud's log, not in any other file.
     */
    @Test
    void aSecureStringSurvivesARestartInAFileOnlyItsOwnerReadsAndIsNeverLogged() throws IOException {
        ok("ssm", "put-parameter", "--name", "/kept/token", "--value", SECRET, "--type", "SecureString");
        // Refused (ParameterPatternMismatchException): its answer and the cloud's log leave the value out too.
        Processes.Result refused = AwsCli.run(work, endpoint, "ssm", "put-parameter", "--name", "/kept/bad", "--value", SECRET,
                "--type", "String", "--allowed-pattern", "^[0-9]+$");
        assertTrue(refused.output().contains("(ParameterPatternMismatchException)"), refused.output());
        assertFalse(refused.output().contains(SECRET), refused.output());
        stop();
        startCloud(URI.create(endpoint).getPort());
        assertEquals(SECRET, ok("ssm", "get-parameter", "--name", "/kept/token", "--with-decryption").at("/Parameter/Value").asText());

        Path file = data.resolve("ssm/parameters.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        Path log = data.resolve("local.log");
        assertTrue(Files.isRegularFile(log), "the detached cloud's log");
        try (Stream<Path> files = Files.walk(data)) {
            List<Path> holding = files.filter(Files::isRegularFile).filter(f -> contains(f, SECRET)).toList();
            assertEquals(List.of(file), holding, "the value is in the parameters file only");
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Issue 17 §3: a role session reads the parameters its policies grant ssm:GetParameter on, and no other. */
    @Test
    void aRoleSessionWithoutAGrantGetsAccessDenied() {
        ok("ssm", "put-parameter", "--name", "/role/granted", "--value", "yes", "--type", "SecureString");
        Credentials keys;
        StaticCredentialsProvider test = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(endpoint)).region(Region.AWS_GLOBAL).credentialsProvider(test)
                .httpClient(Apache5HttpClient.builder().build()).build();
             StsClient sts = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).credentialsProvider(test)
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            String role = iam.createRole(r -> r.roleName("param-reader").assumeRolePolicyDocument(TRUST)).role().arn();
            iam.putRolePolicy(r -> r.roleName("param-reader").policyName("read-one").policyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\",\"Resource\":\"" + ARN + "role/granted\"}]}"));
            keys = sts.assumeRole(r -> r.roleArn(role).roleSessionName("fn")).credentials();
        }
        Map<String, String> asRole = Map.of("AWS_ACCESS_KEY_ID", keys.accessKeyId(), "AWS_SECRET_ACCESS_KEY", keys.secretAccessKey(),
                "AWS_SESSION_TOKEN", keys.sessionToken());
        Processes.Result granted = AwsCli.run(work, endpoint, asRole, "ssm", "get-parameter", "--name", "/role/granted", "--with-decryption");
        assertEquals(0, granted.exitCode(), granted.output());
        assertTrue(granted.output().contains("\"Value\": \"yes\""), granted.output());
        // IAM decides before the parameter is looked for, as on AWS: whether /role/other exists is not the role's to learn.
        Processes.Result denied = AwsCli.run(work, endpoint, asRole, "ssm", "get-parameter", "--name", "/role/other", "--with-decryption");
        assertEquals(254, denied.exitCode(), denied.output());
        assertTrue(denied.output().contains("An error occurred (AccessDeniedException) when calling the GetParameter operation: User: "
                + "arn:aws:sts::000000000000:assumed-role/param-reader/fn is not authorized to perform: ssm:GetParameter on resource: "
                + ARN + "role/other because no identity-based policy allows the ssm:GetParameter action"), denied.output());
    }
}
