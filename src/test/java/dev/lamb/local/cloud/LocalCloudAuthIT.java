package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.AwsTarget;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Issue 12, section 1, strict mode: a cloud with keys (`lamb local start --auth`) verifies SigV4 as AWS
 * does, so a local user who does not hold the 0600 keys cannot drive it. Real signers prove the
 * verifier: the Java SDK, the AWS CLI v2 and boto3, through the lamb-local profile the cloud writes.
 * Error codes are AWS's: InvalidSignatureException and UnrecognizedClientException for JSON services,
 * SignatureDoesNotMatch and InvalidClientTokenId for IAM's query protocol.
 */
class LocalCloudAuthIT {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path data;

    @TempDir
    Path work;

    private LocalCloud cloud;
    private LocalCloudCredentials keys;

    @BeforeEach
    void start() {
        keys = LocalCloudCredentials.enable(data);
        cloud = LocalCloud.start(0, LocalCloudServices.create(data, n -> {}), LocalCloudCredentials.of(data));
        LocalCloudCredentials.writeConfig(data, cloud.endpoint());
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void keysAreMadeOnceAndReadableByThisUserOnly() throws IOException {
        assertEquals(keys, LocalCloudCredentials.enable(data), "kept across starts, so configured tools keep working");
        assertTrue(keys.accessKeyId().matches("AKIA[0-9A-F]{16}"), keys.accessKeyId());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(LocalCloudCredentials.credentialsFile(data))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(LocalCloudCredentials.configFile(data))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                LocalCloudCredentials.credentialsFile(data).getParent())));
        assertTrue(Files.readString(LocalCloudCredentials.configFile(data)).contains("endpoint_url = " + cloud.endpoint()));
    }

    @Test
    void theJavaSdkSignsWithTheKeysAndNothingElseGetsIn() {
        try (AwsClients right = clients(keys.accessKeyId(), keys.secretAccessKey());
             AwsClients wrongSecret = clients(keys.accessKeyId(), "not-the-secret");
             AwsClients unknown = clients("test", "test")) {
            assertTrue(right.lambda().listFunctions().functions().isEmpty());
            right.iam().createRole(r -> r.roleName("ok").assumeRolePolicyDocument(TRUST));

            AwsServiceException forged = assertThrows(AwsServiceException.class, () -> wrongSecret.lambda().listFunctions());
            assertEquals(403, forged.statusCode());
            assertEquals("InvalidSignatureException", forged.awsErrorDetails().errorCode());
            assertEquals(ExitCode.AUTH, AwsErrors.translate(forged).exitCode());
            AwsServiceException forgedIam = assertThrows(AwsServiceException.class,
                    () -> wrongSecret.iam().createRole(r -> r.roleName("forged").assumeRolePolicyDocument(TRUST)));
            assertEquals("SignatureDoesNotMatch", forgedIam.awsErrorDetails().errorCode());

            AwsServiceException stranger = assertThrows(AwsServiceException.class, () -> unknown.lambda().listFunctions());
            assertEquals("UnrecognizedClientException", stranger.awsErrorDetails().errorCode());
            assertEquals("InvalidClientTokenId", assertThrows(AwsServiceException.class,
                    () -> unknown.iam().listRoles()).awsErrorDetails().errorCode());
            assertEquals(List.of("ok"), right.iam().listRoles().roles().stream().map(r -> r.roleName()).toList());
        }
    }

    @Test
    void theAwsCliUsesTheProfileAndFailsWithOtherKeys() throws IOException {
        Path aws = RequiredTools.require(AwsCli.PATH);
        Path zip = work.resolve("f.zip");
        Files.write(zip, LocalCloudAdmissionIT.pythonZip());
        // --endpoint-url as well: CLI versions before 2.13 do not read endpoint_url from the profile.
        Processes.Result role = cli(aws, profile(), "iam", "create-role", "--role-name", "r", "--assume-role-policy-document", TRUST);
        assertEquals(0, role.exitCode(), role.output());
        Processes.Result create = cli(aws, profile(), "lambda", "create-function", "--function-name", "f", "--runtime",
                "python3.12", "--handler", "h.h", "--role", "arn:aws:iam::000000000000:role/r", "--zip-file", "fileb://" + zip);
        assertEquals(0, create.exitCode(), create.output());

        Map<String, String> stranger = new HashMap<>(profile());
        stranger.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        stranger.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
        stranger.put("AWS_SECRET_ACCESS_KEY", "guessed");
        Processes.Result refused = cli(aws, stranger, "lambda", "delete-function", "--function-name", "f");
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("InvalidSignatureException"), refused.output());
        assertEquals(0, cli(aws, profile(), "lambda", "get-function", "--function-name", "f").exitCode(), "still there");
    }

    @Test
    void boto3SignsHeadersAndPresignedUrlsWithTheProfile() throws IOException {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        Path script = work.resolve("probe.py");
        Files.writeString(script, """
                import sys, urllib.request, urllib.error, boto3, botocore.exceptions
                s = boto3.Session(profile_name='lamb-local')
                lam = s.client('lambda', endpoint_url=sys.argv[1])
                print('functions', len(lam.list_functions()['Functions']))
                s.client('iam', endpoint_url=sys.argv[1]).create_role(RoleName='b', AssumeRolePolicyDocument=sys.argv[2])
                print('presigned', urllib.request.urlopen(lam.generate_presigned_url('list_functions')).status)
                bad = boto3.Session(aws_access_key_id=s.get_credentials().access_key, aws_secret_access_key='x',
                                    region_name='us-east-1').client('lambda', endpoint_url=sys.argv[1])
                try:
                    bad.list_functions()
                except botocore.exceptions.ClientError as e:
                    print('refused', e.response['Error']['Code'])
                """);
        Processes.Result run = Processes.run(work, profile(), 60, List.of(python.toString(), script.toString(), cloud.endpoint(), TRUST));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("functions 0"), run.output());
        assertTrue(run.output().contains("presigned 200"), run.output());
        assertTrue(run.output().contains("refused InvalidSignatureException"), run.output());
    }

    @Test
    void lambsFaultClientSignsWithTheKeys() {
        assertEquals(List.of(), new FaultsClient(cloud.endpoint(), keys).list());
        LambException refused = assertThrows(LambException.class, () -> new FaultsClient(cloud.endpoint()).list());
        assertEquals(ExitCode.AUTH, refused.exitCode());
    }

    @Test
    void aSignatureOlderThanFifteenMinutesIsRefused() {
        Map<String, String> old = SigV4.sign(keys, "GET", "127.0.0.1:" + cloud.port(), LocalCloud.FAULTS_PATH, null, new byte[0],
                "lamb", Instant.now().minusSeconds(16 * 60));
        var request = RequestAdmission.read("GET", LocalCloud.FAULTS_PATH, LocalCloud.FAULTS_PATH, null, name -> switch (name) {
            case "Host" -> List.of("127.0.0.1:" + cloud.port());
            case "X-Amz-Date" -> List.of(old.get("X-Amz-Date"));
            case "Authorization" -> List.of(old.get("Authorization"));
            default -> null;
        });
        var refused = new RequestAdmission(Optional.of(keys), Clock.systemUTC()).afterBody(request, new byte[0]);
        assertTrue(refused.isPresent() && refused.get().getMessage().startsWith("Signature expired"), refused.toString());
    }

    private Map<String, String> profile() {
        return Map.of("AWS_CONFIG_FILE", LocalCloudCredentials.configFile(data).toString(),
                "AWS_SHARED_CREDENTIALS_FILE", LocalCloudCredentials.credentialsFile(data).toString(),
                "AWS_PROFILE", LocalCloudCredentials.PROFILE, "AWS_PAGER", "", "HOME", work.toString());
    }

    private Processes.Result cli(Path aws, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", cloud.endpoint(), "--output", "json"));
        command.addAll(List.of(args));
        return Processes.run(work, env, 120, command);
    }

    private AwsClients clients(String id, String secret) {
        return new AwsClients(AwsTarget.localCloud(URI.create(cloud.endpoint()), new AwsTarget.Keys(id, secret)));
    }
}
