package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
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
    /** Least privilege for lamb's alarms, as the Service Authorization Reference allows it (the alarm resource). */
    private static final String LAMB_ALARMS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"cloudwatch:PutMetricAlarm\",\"cloudwatch:DeleteAlarms\"],\"Resource\":\"arn:aws:cloudwatch:*:*:alarm:lamb-*\"}]}";

    @TempDir
    Path data;

    @TempDir
    Path work;

    private LocalCloud cloud;
    private LocalCloudCredentials keys;
    private Credentials session;

    @BeforeEach
    void start() {
        keys = LocalCloudCredentials.enable(data);
        cloud = LocalCloud.start(0, LocalCloudServices.create(data, n -> {}), LocalCloudCredentials.of(data));
        AwsCredentials owner = AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey());
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(owner)).httpClient(Apache5HttpClient.builder().build()).build();
             StsClient sts = StsClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(owner)).httpClient(Apache5HttpClient.builder().build()).build()) {
            String role = iam.createRole(r -> r.roleName("lister").assumeRolePolicyDocument(TRUST)).role().arn();
            iam.putRolePolicy(r -> r.roleName("lister").policyName("list").policyDocument(LIST_FUNCTIONS));
            iam.putRolePolicy(r -> r.roleName("lister").policyName("alarms").policyDocument(LAMB_ALARMS));
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

    /**
     * Review item 1: a URL presigned with the session's keys that also carries an Authorization header naming other keys
     * (here the --auth keys, which no policy checks) is refused, 400, as AWS refuses two auth mechanisms at once ("Only one
     * auth mechanism allowed", S3's words; InvalidParameterCombination, the common error of Lambda's and IAM's API
     * references). Presigned by the Java SDK's SigV4 signer and by boto3; without the header the session is checked.
     */
    @Test
    void aPresignedUrlWithAnotherKeysAuthorizationHeaderIsRefused() throws Exception {
        URI presigned = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(cloud.endpoint() + "/2016-08-19/account-settings"))
                        .build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))).request().getUri();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> both = http.send(HttpRequest.newBuilder(presigned).header("Authorization", ownerHeader()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, both.statusCode(), both.body());
        assertTrue(both.body().contains("InvalidParameterCombination") && both.body().contains("Only one auth mechanism allowed"),
                both.body());
        HttpResponse<String> alone = http.send(HttpRequest.newBuilder(presigned).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, alone.statusCode(), alone.body());
        assertTrue(alone.body().contains("lambda:GetAccountSettings"), "the session's policies are checked: " + alone.body());

        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        Path script = work.resolve("both.py");
        Files.writeString(script, """
                import sys, urllib.request, urllib.error, boto3
                lam = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2],
                                   aws_secret_access_key=sys.argv[3], aws_session_token=sys.argv[4])
                url = lam.generate_presigned_url('get_account_settings')
                for header in (sys.argv[5], None):
                    request = urllib.request.Request(url, headers={'Authorization': header} if header else {})
                    try:
                        print('answer', urllib.request.urlopen(request).status)
                    except urllib.error.HTTPError as e:
                        print('answer', e.code, e.read().decode())
                """);
        Processes.Result run = Processes.run(work, Map.of("HOME", work.toString()), 60, List.of(python.toString(), script.toString(),
                cloud.endpoint(), session.accessKeyId(), session.secretAccessKey(), session.sessionToken(), ownerHeader()));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("answer 400") && run.output().contains("Only one auth mechanism allowed"), run.output());
        assertTrue(run.output().contains("answer 403") && run.output().contains("AccessDeniedException"), run.output());
    }

    /**
     * Review item 2: IAM signed for on a data plane's path (lamb's code downloads) is an IAM call, checked as any: the session,
     * whose role may only list functions, is denied iam:AttachRolePolicy (AccessDenied, as the IAM User Guide words it), and
     * the role is left as it was. Signed by the Java SDK's SigV4 signer and by the AWS CLI v2, each sent to that path.
     */
    @Test
    void iamSignedOnTheCodeDownloadPathIsChecked() throws Exception {
        String endpoint = cloud.endpoint() + "/2015-03-31/_lamb/code/us-east-1";
        String attach = "Action=AttachRolePolicy&Version=2010-05-08&RoleName=lister&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess";
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(endpoint + "/"))
                        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build())
                .payload(ContentStreamProvider.fromUtf8String(attach))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder post = HttpRequest.newBuilder(signed.getUri()).POST(HttpRequest.BodyPublishers.ofString(attach));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> post.header(name, v));
            }
        });
        HttpResponse<String> denied = HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("<Code>AccessDenied</Code>") && denied.body().contains("is not authorized to perform: "
                + "iam:AttachRolePolicy"), denied.body());
        if (Files.isExecutable(Path.of(AwsCli.PATH))) {
            Processes.Result cli = AwsCli.run(work, endpoint, Map.of("AWS_ACCESS_KEY_ID", session.accessKeyId(),
                    "AWS_SECRET_ACCESS_KEY", session.secretAccessKey(), "AWS_SESSION_TOKEN", session.sessionToken()),
                    "iam", "attach-role-policy", "--role-name", "lister", "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess");
            assertEquals(254, cli.exitCode(), cli.output());
            assertTrue(cli.output().contains("AccessDenied"), cli.output());
        }
        try (IamClient owner = IamClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            assertTrue(owner.listAttachedRolePolicies(r -> r.roleName("lister")).attachedPolicies().isEmpty());
        }
    }

    /** Issue 16 review item 7: a policy on alarm:lamb-* lets a session put and delete lamb's alarms, and no other. */
    @Test
    void aPolicyScopedToAlarmArnsAllowsThoseAlarmsOnly() {
        try (CloudWatchClient cw = CloudWatchClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(),
                        session.secretAccessKey(), session.sessionToken())))
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            for (String name : List.of("lamb-fn-dev-throttles", "other")) {
                Runnable put = () -> cw.putMetricAlarm(r -> r.alarmName(name).namespace("AWS/Lambda").metricName("Throttles")
                        .statistic("Sum").period(60).evaluationPeriods(1).threshold(1.0).comparisonOperator("GreaterThanOrEqualToThreshold"));
                if (name.startsWith("lamb-")) {
                    put.run();
                    cw.deleteAlarms(r -> r.alarmNames(name));
                } else {
                    CloudWatchException denied = assertThrows(CloudWatchException.class, put::run);
                    assertEquals(403, denied.statusCode());
                    assertTrue(denied.getMessage().contains("cloudwatch:PutMetricAlarm on resource: arn:aws:cloudwatch:us-east-1:"
                            + "000000000000:alarm:other"), denied.getMessage());
                }
            }
        }
    }

    /** Review item 4: lamb's fault rules are the --auth keys' to set; a role session's keys, verified or not, are refused. */
    @Test
    void aSessionsKeysCannotDriveTheFaults() {
        LambException refused = assertThrows(LambException.class, () -> new FaultsClient(cloud.endpoint(),
                new LocalCloudCredentials(session.accessKeyId(), session.secretAccessKey())).list());
        assertEquals(ExitCode.AUTH, refused.exitCode());
        assertEquals(List.of(), new FaultsClient(cloud.endpoint(), keys).list());
    }

    private String ownerHeader() {
        return "AWS4-HMAC-SHA256 Credential=" + keys.accessKeyId() + "/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, "
                + "Signature=0000";
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
