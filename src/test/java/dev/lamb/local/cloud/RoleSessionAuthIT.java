package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Issue 14 §4 under `lamb local start --auth`: a request signed with the temporary credentials the local STS issued
 * is admitted, its signature verified against the session's secret and its X-Amz-Security-Token against the session's
 * token; one signed with another secret is refused as AWS refuses it (InvalidSignatureException, 403), one with
 * another token too (UnrecognizedClientException, 403). Through the Java SDK and the AWS CLI v2.
 */
class RoleSessionAuthIT {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String LIST_FUNCTIONS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"lambda:ListFunctions\",\"Resource\":\"*\"}]}";

    @TempDir
    Path data;

    @TempDir
    Path work;

    private LocalCloud cloud;
    private Credentials session;

    @BeforeEach
    void start() {
        LocalCloudCredentials keys = LocalCloudCredentials.enable(data);
        cloud = LocalCloud.start(0, LocalCloudServices.create(data, n -> {}), LocalCloudCredentials.of(data));
        AwsCredentials owner = AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey());
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(owner)).httpClient(Apache5HttpClient.builder().build()).build();
             StsClient sts = StsClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(owner)).httpClient(Apache5HttpClient.builder().build()).build()) {
            String role = iam.createRole(r -> r.roleName("lister").assumeRolePolicyDocument(TRUST)).role().arn();
            iam.putRolePolicy(r -> r.roleName("lister").policyName("list").policyDocument(LIST_FUNCTIONS));
            session = sts.assumeRole(r -> r.roleArn(role).roleSessionName("auth")).credentials();
        }
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void theJavaSdkSignsWithTheSessionsKeysAndNothingElseGetsIn() {
        try (LambdaClient right = lambda(session.secretAccessKey(), session.sessionToken());
             LambdaClient forged = lambda("not-the-secret", session.sessionToken());
             LambdaClient otherToken = lambda(session.secretAccessKey(), "not-the-token")) {
            assertTrue(right.listFunctions().functions().isEmpty());
            LambdaException denied = assertThrows(LambdaException.class, () -> right.getAccountSettings());
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode(), "admitted, then checked against its policies");

            LambdaException badSignature = assertThrows(LambdaException.class, () -> forged.listFunctions());
            assertEquals(403, badSignature.statusCode());
            assertEquals("InvalidSignatureException", badSignature.awsErrorDetails().errorCode());
            LambdaException badToken = assertThrows(LambdaException.class, () -> otherToken.listFunctions());
            assertEquals(403, badToken.statusCode());
            assertEquals("UnrecognizedClientException", badToken.awsErrorDetails().errorCode());
        }
    }

    @Test
    void theAwsCliSignsWithTheSessionsKeysAndAForgedSecretIsRefused() {
        RequiredTools.require(AwsCli.PATH);
        Processes.Result listed = cli(session.secretAccessKey(), "lambda", "list-functions");
        assertEquals(0, listed.exitCode(), listed.output());
        Processes.Result identity = cli(session.secretAccessKey(), "sts", "get-caller-identity");
        assertTrue(identity.output().contains("arn:aws:sts::000000000000:assumed-role/lister/auth"), identity.output());
        Processes.Result forged = cli("guessed", "lambda", "list-functions");
        assertEquals(254, forged.exitCode(), forged.output());
        assertTrue(forged.output().contains("InvalidSignatureException"), forged.output());
        Processes.Result forgedQuery = cli("guessed", "sts", "get-caller-identity");
        assertTrue(forgedQuery.output().contains("SignatureDoesNotMatch"), forgedQuery.output());
    }

    private LambdaClient lambda(String secret, String token) {
        return LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(), secret, token)))
                .httpClient(Apache5HttpClient.builder().build()).build();
    }

    private Processes.Result cli(String secret, String... args) {
        return AwsCli.run(work, cloud.endpoint(), Map.of("AWS_ACCESS_KEY_ID", session.accessKeyId(), "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_SESSION_TOKEN", session.sessionToken()), args);
    }
}
