package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.sts.StsService;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;

/**
 * IAM's policies, paging and STS through the real AWS CLI v2 (/usr/bin/aws): what it sends, parses and prints.
 * Expected values from the IAM and STS API references and botocore's models (the CLI decodes policy documents
 * into JSON; an error prints "An error occurred (Code) when calling the Op operation: message" and exits 254).
 */
class IamStsCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"logs:PutLogEvents\",\"Resource\":\"*\"}]}";

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> {
        IamService iam = new IamService(data);
        return List.of(iam, new StsService(iam::assumableRole, iam::decide));
    });

    @TempDir
    static Path dir;

    @BeforeAll
    static void cli() {
        RequiredTools.require(AwsCli.PATH);
    }

    private static Processes.Result aws(String... args) {
        return AwsCli.run(dir, cloud.endpoint(), args);
    }

    private static JsonNode ok(String... args) throws Exception {
        Processes.Result r = aws(args);
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed: " + r.output());
        return r.output().isBlank() ? JSON.nullNode() : JSON.readTree(r.output());
    }

    private static void fails(String expected, String... args) {
        Processes.Result r = aws(args);
        assertEquals(254, r.exitCode(), r.output());
        assertTrue(r.output().contains(expected), r.output());
    }

    @Test
    void policiesThroughTheCli() throws Exception {
        ok("iam", "create-role", "--role-name", "cli-policies", "--assume-role-policy-document", TRUST);
        ok("iam", "put-role-policy", "--role-name", "cli-policies", "--policy-name", "logs", "--policy-document", DOC);
        JsonNode inline = ok("iam", "get-role-policy", "--role-name", "cli-policies", "--policy-name", "logs");
        assertEquals(JSON.readTree(DOC), inline.get("PolicyDocument"));
        assertEquals("logs", ok("iam", "list-role-policies", "--role-name", "cli-policies").at("/PolicyNames/0").asText());
        assertEquals(0, ok("iam", "list-instance-profiles-for-role", "--role-name", "cli-policies").get("InstanceProfiles").size());
        fails("An error occurred (NoSuchEntity) when calling the GetRolePolicy operation: "
                + "The role policy with name none cannot be found.",
                "iam", "get-role-policy", "--role-name", "cli-policies", "--policy-name", "none");

        String arn = ok("iam", "create-policy", "--policy-name", "cli-managed", "--policy-document", DOC).at("/Policy/Arn").asText();
        assertEquals("arn:aws:iam::000000000000:policy/cli-managed", arn);
        fails("An error occurred (EntityAlreadyExists) when calling the CreatePolicy operation",
                "iam", "create-policy", "--policy-name", "cli-managed", "--policy-document", DOC);
        JsonNode version = ok("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1").get("PolicyVersion");
        assertEquals(JSON.readTree(DOC), version.get("Document"));
        ok("iam", "attach-role-policy", "--role-name", "cli-policies", "--policy-arn", arn);
        fails("An error occurred (DeleteConflict) when calling the DeletePolicy operation", "iam", "delete-policy", "--policy-arn", arn);
        ok("iam", "detach-role-policy", "--role-name", "cli-policies", "--policy-arn", arn);
        ok("iam", "delete-policy", "--policy-arn", arn);

        // The document of an AWS managed policy lamb attaches, as AWS publishes it.
        String xray = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess";
        String defaultVersion = ok("iam", "get-policy", "--policy-arn", xray).at("/Policy/DefaultVersionId").asText();
        JsonNode document = ok("iam", "get-policy-version", "--policy-arn", xray, "--version-id", defaultVersion)
                .at("/PolicyVersion/Document");
        assertTrue(document.toString().contains("xray:PutTraceSegments"), document.toString());

        fails("An error occurred (InvalidInput) when calling the ListRoles operation: Invalid Marker.",
                "iam", "list-roles", "--starting-token", "3");
        ok("iam", "delete-role-policy", "--role-name", "cli-policies", "--policy-name", "logs");
        ok("iam", "delete-role", "--role-name", "cli-policies");
    }

    @Test
    void stsThroughTheCli() throws Exception {
        JsonNode identity = ok("sts", "get-caller-identity");
        assertEquals("000000000000", identity.get("Account").asText());
        String roleArn = ok("iam", "create-role", "--role-name", "cli-sts", "--assume-role-policy-document", TRUST)
                .at("/Role/Arn").asText();
        JsonNode assumed = ok("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "cli",
                "--duration-seconds", "900");
        assertTrue(assumed.at("/Credentials/AccessKeyId").asText().startsWith("ASIA"), assumed.toString());
        assertEquals("arn:aws:sts::000000000000:assumed-role/cli-sts/cli", assumed.at("/AssumedRoleUser/Arn").asText());
        fails("An error occurred (AccessDenied) when calling the AssumeRole operation",
                "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/nobody", "--role-session-name", "cli");
    }
}
