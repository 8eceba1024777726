package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Issue 17 §1 on the local cloud, as a user types the commands, and read back with the AWS CLI v2 (the members of
 * GetRole, ListRolePolicies, GetRolePolicy and ListAttachedRolePolicies in the IAM API reference): lamb's own role holds
 * no managed policy by default, one inline policy on the function's own log group, X-Ray's writes only while tracing is
 * on, and Lambda's trust for this account only (aws:SourceAccount); [[function.permissions]] and function.policies are
 * applied, shown in the plan and removed again, leaving a policy attached by hand alone; a role an earlier lamb made is
 * converged; a role lamb.toml names is not touched.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LeastPrivilegeRoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = LocalAccount.ID;
    private static final String REGION = "us-east-1";
    private static final List<String> FORMER_POLICIES = List.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");
    /** Reads its own configuration, and tries ListFunctions, with the credentials Lambda gives it (its role's). */
    private static final String SDK_HANDLER = """
            import boto3, botocore
            def handler(event, context):
                client = boto3.client("lambda")
                out = {"self": client.get_function_configuration(FunctionName=context.function_name)["FunctionName"]}
                try:
                    client.list_functions()
                    out["list"] = "allowed"
                except botocore.exceptions.ClientError as e:
                    out["list"] = e.response["Error"]["Code"]
                return out
            """;

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    static Path work;

    @BeforeAll
    static void tools() {
        RequiredTools.require(AwsCli.PATH);
    }

    @Test
    void aDefaultRoleWritesItsOwnLogGroupOnlyAndXRayOnlyWhileTracing() throws IOException {
        Path dir = DeployedCloud.init(work, "lp-default");
        cloud.deploy(dir);
        String role = "lamb-lp-default-" + REGION;

        assertEquals(List.of(), texts(iam("list-attached-role-policies", "--role-name", role).path("AttachedPolicies")));
        assertEquals(List.of("lamb-logs", "lamb-xray"), texts(iam("list-role-policies", "--role-name", role).path("PolicyNames")));
        JsonNode logs = onlyStatement(role, "lamb-logs");
        assertEquals("Allow", logs.path("Effect").asText());
        assertEquals(List.of("logs:CreateLogStream", "logs:PutLogEvents"), texts(logs.path("Action")));
        String group = "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/aws/lambda/lp-default";
        assertEquals(List.of(group, group + ":*"), texts(logs.path("Resource")));
        JsonNode xray = onlyStatement(role, "lamb-xray");
        assertEquals(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), texts(xray.path("Action")));
        JsonNode trust = iam("get-role", "--role-name", role).path("Role").path("AssumeRolePolicyDocument").path("Statement").get(0);
        assertEquals("lambda.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertEquals(ACCOUNT, trust.path("Condition").path("StringEquals").path("aws:SourceAccount").asText(), trust.toString());

        edit(dir, "tracing = true", "tracing = false");
        Lamb.Run off = deploy(dir);
        assertTrue(off.err().contains("delete policy lamb-xray (tracing is off in every stage)"), off.err());
        assertEquals(List.of("lamb-logs"), texts(iam("list-role-policies", "--role-name", role).path("PolicyNames")));
        JsonNode noop = JSON.readTree(deploy(dir, "--output", "json").out());
        assertEquals(0, noop.path("write_calls").asInt(), noop.toString());
    }

    @Test
    void permissionsAreAppliedShownInThePlanAndRemovedLeavingAPolicyAttachedByHand() throws IOException {
        String extra = policy("lp-extra");
        String byHand = policy("lp-by-hand");
        Path dir = DeployedCloud.init(work, "lp-perms");
        Files.writeString(dir.resolve("handler.py"), SDK_HANDLER);
        Path toml = dir.resolve("lamb.toml");
        String plain = Files.readString(toml);
        String self = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:lp-perms";
        Files.writeString(toml, plain.replace("[function]\n", "[function]\npolicies = [\"" + extra + "\"]\n")
                + "\n[[function.permissions]]\nactions = [\"lambda:GetFunctionConfiguration\"]\nresources = [\"" + self + "\"]\n");
        String role = "lamb-lp-perms-" + REGION;

        Lamb.Run plan = ok(cloud.lamb("deploy", "--dry-run", "--dir", dir.toString()));
        assertTrue(plan.out().contains("lamb-permissions: allow lambda:GetFunctionConfiguration on " + self), plan.out());
        assertTrue(plan.out().contains("attach " + extra), plan.out());
        deploy(dir);
        cloud.aws().iam().attachRolePolicy(r -> r.roleName(role).policyArn(byHand));

        JsonNode statement = onlyStatement(role, "lamb-permissions");
        assertEquals(List.of("lambda:GetFunctionConfiguration"), texts(statement.path("Action")));
        assertEquals(List.of(self), texts(statement.path("Resource")));
        assertEquals(List.of(byHand, extra), attached(role));
        // The function's SDK gets its role's credentials: the statement allows the one call, and nothing else.
        Lamb.Run invoked = ok(cloud.lamb("invoke", "--dir", dir.toString()));
        JsonNode answer = JSON.readTree(invoked.out());
        assertEquals("lp-perms", answer.path("self").asText(), invoked.out());
        assertEquals("AccessDeniedException", answer.path("list").asText(), invoked.out());

        Files.writeString(toml, plain);
        Lamb.Run removed = deploy(dir);
        assertTrue(removed.err().contains("delete policy lamb-permissions"), removed.err());
        assertTrue(removed.err().contains("lamb: " + byHand + " is attached to the role " + role + ", not by lamb: left alone"),
                removed.err());
        assertEquals(List.of("lamb-logs", "lamb-xray"), texts(iam("list-role-policies", "--role-name", role).path("PolicyNames")));
        assertEquals(List.of(byHand), attached(role));

        // Destroy deletes the role with its inline policies and attachments; the policy attached by hand stays.
        ok(cloud.lamb("destroy", "--yes", "--dir", dir.toString()));
        Processes.Result gone = AwsCli.run(work, cloud.endpoint(), "iam", "get-role", "--role-name", role);
        assertTrue(gone.output().contains("NoSuchEntity"), gone.output());
        assertEquals(byHand, cloud.aws().iam().getPolicy(r -> r.policyArn(byHand)).policy().arn());
    }

    @Test
    void aRoleAnEarlierLambMadeLosesBothManagedPoliciesAndGetsTheAccountCondition() throws IOException {
        String role = "lamb-lp-old-" + REGION;
        String oldTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        cloud.aws().iam().createRole(r -> r.roleName(role).assumeRolePolicyDocument(oldTrust)
                .tags(Tag.builder().key("lamb:function").value("lp-old").build()));
        FORMER_POLICIES.forEach(policy -> cloud.aws().iam().attachRolePolicy(r -> r.roleName(role).policyArn(policy)));
        Path dir = DeployedCloud.init(work, "lp-old");

        Lamb.Run converged = deploy(dir);

        for (String policy : FORMER_POLICIES) {
            assertTrue(converged.err().contains("detach " + policy), converged.err());
        }
        assertEquals(List.of(), attached(role));
        assertEquals(List.of("lamb-logs", "lamb-xray"), texts(iam("list-role-policies", "--role-name", role).path("PolicyNames")));
        JsonNode trust = iam("get-role", "--role-name", role).path("Role").path("AssumeRolePolicyDocument").path("Statement").get(0);
        assertEquals(ACCOUNT, trust.path("Condition").path("StringEquals").path("aws:SourceAccount").asText(), trust.toString());
    }

    @Test
    void aRoleLambTomlNamesIsLeftAsItIsAndTheDeploySaysWhatItMustAllow() throws IOException {
        String arn = cloud.aws().iam().createRole(r -> r.roleName("lp-their-role").assumeRolePolicyDocument(LambdaTrust.LOCAL))
                .role().arn();
        Path dir = DeployedCloud.init(work, "lp-theirs");
        edit(dir, "[function]\n", "[function]\nrole = \"" + arn + "\"\n");
        Files.writeString(dir.resolve("lamb.toml"), Files.readString(dir.resolve("lamb.toml"))
                + "\n[[function.permissions]]\nactions = [\"s3:GetObject\"]\nresources = [\"arn:aws:s3:::lp-bucket/*\"]\n");

        Lamb.Run run = deploy(dir);

        assertTrue(run.err().contains("lamb: the role " + arn + " from lamb.toml is not lamb's to change: it must allow s3:GetObject on "
                + "arn:aws:s3:::lp-bucket/* for [[function.permissions]] and function.policies"), run.err());
        assertEquals(List.of(), texts(iam("list-role-policies", "--role-name", "lp-their-role").path("PolicyNames")));
        assertEquals(List.of(), attached("lp-their-role"));
    }

    private static Lamb.Run deploy(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", "--dir", dir.toString()));
        args.addAll(List.of(more));
        return ok(cloud.lamb(args.toArray(String[]::new)));
    }

    private static Lamb.Run ok(Lamb.Run run) {
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return run;
    }

    private static JsonNode iam(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "iam";
        System.arraycopy(args, 0, all, 1, args.length);
        return AwsCli.json(work, cloud.endpoint(), all);
    }

    /** A customer managed policy of that name (allowing one harmless read); its ARN. */
    private static String policy(String name) {
        return cloud.aws().iam().createPolicy(r -> r.policyName(name).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Allow\",\"Action\":\"sqs:ListQueues\",\"Resource\":\"*\"}]}")).policy().arn();
    }

    /** The ARNs of the policies attached to the role, sorted. */
    private static List<String> attached(String role) {
        List<String> arns = new ArrayList<>();
        iam("list-attached-role-policies", "--role-name", role).path("AttachedPolicies").forEach(p -> arns.add(p.path("PolicyArn").asText()));
        return arns.stream().sorted().toList();
    }

    /** The one statement of an inline policy, as get-role-policy prints it (the CLI decodes the document). */
    private static JsonNode onlyStatement(String role, String policy) {
        JsonNode statements = iam("get-role-policy", "--role-name", role, "--policy-name", policy).path("PolicyDocument").path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        return statements.get(0);
    }

    private static void edit(Path dir, String from, String to) throws IOException {
        Path toml = dir.resolve("lamb.toml");
        String before = Files.readString(toml);
        String after = before.replace(from, to);
        assertNotEquals(before, after, from + " is not in lamb.toml");
        Files.writeString(toml, after);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        assertFalse(array.isMissingNode(), "missing");
        return texts;
    }
}
