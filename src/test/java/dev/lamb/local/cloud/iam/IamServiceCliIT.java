package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/** The local IAM driven by the real AWS CLI v2: what it sends, what it parses and prints. */
class IamServiceCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    private static final String XRAY = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess";

    @TempDir
    Path dir;
    private LocalCloud cloud;
    private IamService iam;
    private String aws;

    @BeforeEach
    void start() {
        aws = RequiredTools.require("/usr/bin/aws").toString();
        iam = new IamService(dir.resolve("data"));
        cloud = LocalCloud.start(0, List.of(iam));
    }

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private Processes.Result aws(String... args) {
        return AwsCli.run(dir, cloud.endpoint(), args);
    }

    private JsonNode ok(String... args) throws Exception {
        Processes.Result r = aws(args);
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed: " + r.output());
        return r.output().isBlank() ? JSON.nullNode() : JSON.readTree(r.output());
    }

    @Test
    void roleLifecycleThroughTheCli() throws Exception {
        JsonNode created = ok("iam", "create-role", "--role-name", "lamb-fn-role", "--path", "/service-role/",
                "--description", "role for <lamb> & tests", "--assume-role-policy-document", TRUST,
                "--tags", "Key=app,Value=lamb", "Key=env,Value=a b&c");
        JsonNode role = created.get("Role");
        assertEquals("arn:aws:iam::000000000000:role/service-role/lamb-fn-role", role.get("Arn").asText());
        assertTrue(role.get("RoleId").asText().matches("AROA[A-Z0-9]{17}"), role.toString());
        assertTrue(role.get("CreateDate").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|\\+00:00)"),
                role.toString());
        assertTrue(iam.roleExists("arn:aws:iam::000000000000:role/service-role/lamb-fn-role"));
        assertTrue(!iam.roleExists("arn:aws:iam::000000000000:role/lamb-fn-role"));

        JsonNode got = ok("iam", "get-role", "--role-name", "lamb-fn-role").get("Role");
        assertEquals("lamb-fn-role", got.get("RoleName").asText());
        assertEquals("/service-role/", got.get("Path").asText());
        assertEquals("arn:aws:iam::000000000000:role/service-role/lamb-fn-role", got.get("Arn").asText());
        assertEquals("role for <lamb> & tests", got.get("Description").asText());
        assertEquals(3600, got.get("MaxSessionDuration").asInt());
        // The CLI URL-decodes the document and parses it into JSON.
        assertEquals(JSON.readTree(TRUST), got.get("AssumeRolePolicyDocument"));
        assertEquals("lambda.amazonaws.com",
                got.at("/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText());
        assertEquals("lamb", tag(got.get("Tags"), "app"));
        assertEquals("a b&c", tag(got.get("Tags"), "env"));

        ok("iam", "attach-role-policy", "--role-name", "lamb-fn-role", "--policy-arn", BASIC);
        ok("iam", "attach-role-policy", "--role-name", "lamb-fn-role", "--policy-arn", XRAY);
        JsonNode attached = ok("iam", "list-attached-role-policies", "--role-name", "lamb-fn-role").get("AttachedPolicies");
        assertEquals(2, attached.size(), attached.toString());
        Set<String> names = new HashSet<>();
        attached.forEach(p -> names.add(p.get("PolicyName").asText() + "=" + p.get("PolicyArn").asText()));
        assertEquals(Set.of("AWSLambdaBasicExecutionRole=" + BASIC, "AWSXRayDaemonWriteAccess=" + XRAY), names);

        Processes.Result refused = aws("iam", "delete-role", "--role-name", "lamb-fn-role");
        assertEquals(254, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("DeleteConflict"), refused.output());
        assertTrue(refused.output().contains("Cannot delete entity, must detach all policies first."), refused.output());

        ok("iam", "detach-role-policy", "--role-name", "lamb-fn-role", "--policy-arn", BASIC);
        ok("iam", "detach-role-policy", "--role-name", "lamb-fn-role", "--policy-arn", XRAY);
        assertEquals(0, ok("iam", "list-attached-role-policies", "--role-name", "lamb-fn-role")
                .get("AttachedPolicies").size());
        ok("iam", "delete-role", "--role-name", "lamb-fn-role");

        Processes.Result missing = aws("iam", "get-role", "--role-name", "lamb-fn-role");
        assertEquals(254, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("NoSuchEntity"), missing.output());
        assertTrue(missing.output().contains("The role with name lamb-fn-role cannot be found."), missing.output());
        assertTrue(!iam.roleExists("arn:aws:iam::000000000000:role/service-role/lamb-fn-role"));
    }

    @Test
    void errorsTagsAndListsThroughTheCli() throws Exception {
        ok("iam", "create-role", "--role-name", "r1", "--assume-role-policy-document", TRUST);
        Processes.Result dup = aws("iam", "create-role", "--role-name", "r1", "--assume-role-policy-document", TRUST);
        assertEquals(254, dup.exitCode(), dup.output());
        assertTrue(dup.output().contains("EntityAlreadyExists") && dup.output().contains("Role with name r1 already exists."),
                dup.output());

        Processes.Result malformed = aws("iam", "create-role", "--role-name", "r2", "--assume-role-policy-document", "{nope");
        assertEquals(254, malformed.exitCode(), malformed.output());
        assertTrue(malformed.output().contains("MalformedPolicyDocument"), malformed.output());

        Processes.Result unknownPolicy = aws("iam", "attach-role-policy", "--role-name", "r1", "--policy-arn",
                "arn:aws:iam::aws:policy/NoSuchPolicyAtAll");
        assertEquals(254, unknownPolicy.exitCode(), unknownPolicy.output());
        assertTrue(unknownPolicy.output().contains("NoSuchEntity"), unknownPolicy.output());

        ok("iam", "tag-role", "--role-name", "r1", "--tags", "Key=team,Value=lamb");
        JsonNode tags = ok("iam", "list-role-tags", "--role-name", "r1").get("Tags");
        assertEquals("lamb", tag(tags, "team"));

        ok("iam", "create-role", "--role-name", "r3", "--assume-role-policy-document", TRUST);
        JsonNode roles = ok("iam", "list-roles").get("Roles");
        List<String> roleNames = new ArrayList<>();
        roles.forEach(r -> roleNames.add(r.get("RoleName").asText()));
        assertEquals(List.of("r1", "r3"), roleNames);
        // The CLI pages through with Marker.
        JsonNode paged = ok("iam", "list-roles", "--page-size", "1").get("Roles");
        assertEquals(2, paged.size(), paged.toString());

        Processes.Result notImplemented = aws("iam", "create-user", "--user-name", "u");
        assertEquals(254, notImplemented.exitCode(), notImplemented.output());
        assertTrue(notImplemented.output().contains("NotImplemented") && notImplemented.output().contains("CreateUser"),
                notImplemented.output());
    }

    private static String tag(JsonNode tags, String key) {
        List<JsonNode> found = new ArrayList<>();
        tags.forEach(found::add);
        return found.stream().filter(t -> t.get("Key").asText().equals(key)).map(t -> t.get("Value").asText())
                .collect(Collectors.joining(","));
    }
}
