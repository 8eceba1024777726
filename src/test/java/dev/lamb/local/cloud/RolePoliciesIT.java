package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Issue 14 §4: calls signed with a role session's credentials (sts:AssumeRole against the local cloud) are checked
 * against the role's policies, each client its own way: boto3 (src/test/resources/boto3/role_policies.py, every
 * operation's service and protocol), the AWS CLI v2 and the Java SDK. The messages are AWS's, as the IAM User Guide
 * words them ("Troubleshoot access denied error messages"); the code is AccessDeniedException, 403, as Lambda answers.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RolePoliciesIT {
    private static final Path SCRIPTS = Path.of("src/test/resources/boto3").toAbsolutePath();
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:";
    /**
     * A Deny outside us-east-1 that also names a key the local cloud cannot judge. A Condition is an AND (IAM User
     * Guide, "Conditions with multiple context keys or values"), so in us-east-1, where its region entry is false, it
     * never applies.
     */
    private static final String DENY_OUTSIDE_HOME = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"lambda:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\"]},"
            + "\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}}]}";

    @RegisterExtension
    final DeployedCloud cloud = DeployedCloud.perTest();

    @TempDir
    Path work;

    @Test
    void boto3SeesWhatTheRolesPoliciesAllowAndDeny() {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        ClientScripts.assertOk("role policies", work, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                List.of(python.toString(), SCRIPTS.resolve("role_policies.py").toString(), cloud.endpoint()));
    }

    @Test
    void theAwsCliSeesWhatTheRolesPoliciesAllowAndDeny() throws Exception {
        RequiredTools.require(AwsCli.PATH);
        // Set up with the Java SDK and the test keys; only the role's calls go through the CLI (each run takes a second).
        roleWithFunctions("cli-role", "cli-a", "cli-b");
        JsonNode keys = AwsCli.json(work, cloud.endpoint(), "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/cli-role",
                "--role-session-name", "cli").get("Credentials");
        Map<String, String> asRole = Map.of("AWS_ACCESS_KEY_ID", keys.get("AccessKeyId").asText(),
                "AWS_SECRET_ACCESS_KEY", keys.get("SecretAccessKey").asText(), "AWS_SESSION_TOKEN", keys.get("SessionToken").asText());
        String user = "User: arn:aws:sts::000000000000:assumed-role/cli-role/cli";

        // The CLI prints "An error occurred (CODE) when calling the OPERATION operation: MESSAGE" and exits 254.
        Processes.Result list = AwsCli.run(work, cloud.endpoint(), asRole, "lambda", "list-functions");
        assertEquals(254, list.exitCode(), list.output());
        assertTrue(list.output().contains("An error occurred (AccessDeniedException) when calling the ListFunctions operation: " + user
                + " is not authorized to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the "
                + "lambda:ListFunctions action"), list.output());
        Processes.Result logs = AwsCli.run(work, cloud.endpoint(), asRole, "logs", "create-log-group", "--log-group-name", "/aws/lambda/cli-a");
        assertEquals(0, logs.exitCode(), "AWSLambdaBasicExecutionRole allows logs:CreateLogGroup\n" + logs.output());

        cloud.aws().iam().putRolePolicy(r -> r.roleName("cli-role").policyName("read-a")
                .policyDocument(statement("Allow", "lambda:GetFunction", FUNCTION + "cli-a")));
        cloud.aws().iam().putRolePolicy(r -> r.roleName("cli-role").policyName("outside-home").policyDocument(DENY_OUTSIDE_HOME));
        Processes.Result home = AwsCli.run(work, cloud.endpoint(), asRole, "lambda", "get-function", "--function-name", "cli-a");
        assertEquals(0, home.exitCode(), "a Deny whose region entry is false does not apply\n" + home.output());
        Processes.Result other = AwsCli.run(work, cloud.endpoint(), asRole, "lambda", "get-function", "--function-name", "cli-b");
        assertTrue(other.output().contains(user + " is not authorized to perform: lambda:GetFunction on resource: " + FUNCTION
                + "cli-b because no identity-based policy allows the lambda:GetFunction action"), other.output());

        cloud.aws().iam().putRolePolicy(r -> r.roleName("cli-role").policyName("no-lambda").policyDocument(statement("Deny", "lambda:*", "*")));
        Processes.Result denied = AwsCli.run(work, cloud.endpoint(), asRole, "lambda", "get-function", "--function-name", "cli-a");
        assertTrue(denied.output().contains(user + " is not authorized to perform: lambda:GetFunction on resource: " + FUNCTION
                + "cli-a with an explicit deny in an identity-based policy"), denied.output());

        assertEquals(2, AwsCli.json(work, cloud.endpoint(), "lambda", "list-functions").get("Functions").size(), "the test keys");
    }

    @Test
    void theJavaSdkGetsAccessDeniedExceptionAndTheTestKeysStayAllowed() throws Exception {
        roleWithFunctions("sdk-role", "sdk-a");
        Credentials keys;
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            keys = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/sdk-role").roleSessionName("sdk")).credentials();
        }
        try (LambdaClient asRole = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(keys.accessKeyId(),
                        keys.secretAccessKey(), keys.sessionToken())))
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            LambdaException refused = assertThrows(LambdaException.class, () -> asRole.getFunction(r -> r.functionName("sdk-a")));
            assertEquals(403, refused.statusCode());
            assertEquals("AccessDeniedException", refused.awsErrorDetails().errorCode());
            assertEquals("User: arn:aws:sts::000000000000:assumed-role/sdk-role/sdk is not authorized to perform: lambda:GetFunction "
                    + "on resource: " + FUNCTION + "sdk-a because no identity-based policy allows the lambda:GetFunction action",
                    refused.awsErrorDetails().errorMessage());

            cloud.aws().iam().putRolePolicy(r -> r.roleName("sdk-role").policyName("lambda-reader")
                    .policyDocument(statement("Allow", "lambda:Get*", FUNCTION + "sdk-*")));
            assertEquals("sdk-a", asRole.getFunction(r -> r.functionName("sdk-a")).configuration().functionName());

            cloud.aws().iam().putRolePolicy(r -> r.roleName("sdk-role").policyName("outside-home").policyDocument(DENY_OUTSIDE_HOME));
            assertEquals("sdk-a", asRole.getFunction(r -> r.functionName("sdk-a")).configuration().functionName(),
                    "a Deny whose region entry is false does not apply");
            // Policy variables in Resource take the session's values (IAM User Guide, "Variables and tags").
            cloud.aws().iam().deleteRolePolicy(r -> r.roleName("sdk-role").policyName("lambda-reader"));
            cloud.aws().iam().tagRole(r -> r.roleName("sdk-role").tags(t -> t.key("team").value("sdk")));
            cloud.aws().iam().putRolePolicy(r -> r.roleName("sdk-role").policyName("team-reader")
                    .policyDocument(statement("Allow", "lambda:GetFunction", FUNCTION + "${aws:PrincipalTag/team}-*")));
            assertEquals("sdk-a", asRole.getFunction(r -> r.functionName("sdk-a")).configuration().functionName());
        }
        assertEquals(1, cloud.aws().lambda().listFunctions().functions().size(), "the test keys");
    }

    /**
     * Review item 3: an AWS_IAM function URL in us-west-2, signed by the Java SDK's SigV4 signer for us-west-2, needs
     * lambda:InvokeFunctionUrl and lambda:InvokeFunction on us-west-2's function (Lambda's guide, "Control access to
     * function URLs"); refused, or signed for another region, it answers 403 Forbidden as Lambda does.
     */
    @Test
    void aFunctionUrlInAnotherRegionNeedsThePermissionOnThatRegionsFunction() throws Exception {
        cloud.aws().iam().createRole(r -> r.roleName("url-role").assumeRolePolicyDocument(TRUST));
        String west = "arn:aws:lambda:us-west-2:000000000000:function:url-fn";
        SdkBytes zip = SdkBytes.fromByteArray(LocalCloudAdmissionIT.pythonZip());
        String url;
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            lambda.createFunction(r -> r.functionName("url-fn").runtime("python3.12").handler("h.h")
                    .role("arn:aws:iam::000000000000:role/url-role").code(c -> c.zipFile(zip)));
            url = lambda.createFunctionUrlConfig(r -> r.functionName("url-fn").authType(FunctionUrlAuthType.AWS_IAM)).functionUrl();
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("url-fn"));
        }
        Credentials keys = cloud.aws().sts().assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/url-role").roleSessionName("url"))
                .credentials();
        AwsSessionCredentialsIdentity identity = AwsSessionCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey(),
                keys.sessionToken());
        cloud.aws().iam().putRolePolicy(r -> r.roleName("url-role").policyName("east-only")
                .policyDocument(statement("Allow", "lambda:InvokeFunctionUrl", FUNCTION + "url-fn")));
        assertEquals(403, signedGet(URI.create(url), identity), "allowed on us-east-1's url-fn only");
        cloud.aws().iam().putRolePolicy(r -> r.roleName("url-role").policyName("west").policyDocument(statement("Allow",
                "lambda:InvokeFunctionUrl", west)));
        // Review item 8b: URLs made since October 2025 ask for lambda:InvokeFunction too ("Control access to Lambda function URLs").
        assertEquals(403, signedGet(URI.create(url), identity), "allowed lambda:InvokeFunctionUrl only on us-west-2's url-fn");
        cloud.aws().iam().putRolePolicy(r -> r.roleName("url-role").policyName("west-invoke").policyDocument(statement("Allow",
                "lambda:InvokeFunction", west)));
        assertEquals(200, signedGet(URI.create(url), identity), "allowed both actions on us-west-2's url-fn");
        // Review item 8c: a signature is for one region; the URL's is us-west-2, so one signed for us-east-1 is 403, as AWS answers.
        assertEquals(403, signedGet(URI.create(url), identity, "us-east-1"), "signed for another region than the URL's");
    }

    private int signedGet(URI url, AwsSessionCredentialsIdentity identity) throws Exception {
        return signedGet(url, identity, "us-west-2");
    }

    /** The status of a GET of the URL signed for lambda in the region, sent to the cloud with the URL's Host. */
    private int signedGet(URI url, AwsSessionCredentialsIdentity identity, String region) throws Exception {
        SdkHttpRequest request = SdkHttpRequest.builder().uri(url).method(SdkHttpMethod.GET).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda").putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request();
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nConnection: close\r\n");
        signed.headers().forEach((name, values) -> head.append(name).append(": ").append(values.get(0)).append("\r\n"));
        try (Socket socket = new Socket("127.0.0.1", URI.create(cloud.endpoint()).getPort())) {
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
        }
    }

    /** A role with AWSLambdaBasicExecutionRole only, and functions that run with it, made with the test keys. */
    private void roleWithFunctions(String role, String... functions) throws Exception {
        cloud.aws().iam().createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST));
        cloud.aws().iam().attachRolePolicy(r -> r.roleName(role).policyArn(BASIC_EXECUTION));
        SdkBytes zip = SdkBytes.fromByteArray(LocalCloudAdmissionIT.pythonZip());
        for (String function : functions) {
            cloud.aws().lambda().createFunction(r -> r.functionName(function).runtime("python3.12").handler("h.h")
                    .role("arn:aws:iam::000000000000:role/" + role).code(c -> c.zipFile(zip)));
        }
    }

    private static String statement(String effect, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }
}
