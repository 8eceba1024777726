package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.ui.Terminals;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Issue 11, section 1: deploy and destroy touch only what lamb made. The resources lamb did not make are
 * made here with the AWS CLI v2 (/usr/bin/aws) against lamb's local cloud, as a user would have made them.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OwnershipIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "hunter2-do-not-print";

    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        RequiredTools.require(AwsCli.PATH);
        try (OutputStream out = Files.newOutputStream(work.resolve("theirs.zip")); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("handler.py"));
            zip.write("def handler(event, context):\n    return {'statusCode': 200, 'body': 'theirs'}\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /** The case: made with the AWS CLI, 512 MB, its own role and DB_PASSWORD in its environment. */
    @Test
    void aFunctionLambDidNotMakeIsRefusedThenAdoptedWithItsPlanShownByKeyNames() throws IOException {
        String theirRole = createRole("their-role");
        createFunction("adoptee", theirRole, "--memory-size", "512", "--environment",
                "Variables={DB_PASSWORD=" + SECRET + ",LOG_LEVEL=DEBUG}");
        Path project = DeployedCloud.init(tmp, "adoptee");

        Lamb.Run refused = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertEquals(1, refused.err().lines().filter(l -> l.startsWith("lamb: ")).count(), refused.err());
        assertTrue(refused.err().contains("lamb: function adoptee exists without lamb's tag lamb:function=adoptee"), refused.err());
        assertTrue(refused.err().contains("'lamb deploy --adopt'"), refused.err());
        assertUntouched("adoptee", theirRole);
        assertThrows(NoSuchEntityException.class, () -> cloud.aws().iam().getRole(r -> r.roleName("lamb-adoptee-us-east-1")),
                "refused before any write");

        Lamb.Run dryRefused = cloud.lamb("deploy", "--dry-run", "--dir", project.toString());
        assertEquals(1, dryRefused.exitCode(), "a dry run says the same: " + dryRefused.err());

        Lamb.Run noYes = cloud.lamb("deploy", "--adopt", "--dir", project.toString());
        assertEquals(2, noYes.exitCode(), noYes.err());
        assertTrue(noYes.err().strip().startsWith("lamb: --adopt") && noYes.err().contains("add --yes"), noYes.err());
        assertEquals(1, noYes.err().lines().count(), noYes.err());

        Lamb.Run plan = cloud.lamb("deploy", "--adopt", "--dry-run", "--dir", project.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("  would adopt function adoptee (tag lamb:function=adoptee)\n"), plan.out());
        // Every field that changes (the CLI's defaults: 3 s, no tracing), environment keys by name, and the role.
        assertTrue(plan.out().contains("  would update adoptee configuration (memory 512 -> 128, timeout 3 -> 10, environment: "
                + "removed DB_PASSWORD; changed LOG_LEVEL, tracing PassThrough -> Active, role " + theirRole
                + " -> (new role lamb-adoptee-us-east-1))\n"), plan.out());
        assertTrue(plan.out().contains("  would update adoptee code (code "), plan.out());
        assertTrue(plan.out().contains("  would create lamb-adoptee-us-east-1 (trust lambda.amazonaws.com)"), plan.out());
        assertFalse((plan.out() + plan.err()).contains(SECRET), "values are never shown");
        assertFalse((plan.out() + plan.err()).contains("DEBUG"), "values are never shown");
        assertUntouched("adoptee", theirRole);

        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Lamb.Run declined = cloud.lamb(Terminals.scripted(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)), screen),
                "deploy", "--adopt", "--dir", project.toString());
        assertEquals(130, declined.exitCode(), declined.err());
        assertTrue(declined.err().contains("would update adoptee configuration (memory 512 -> 128"), "the plan comes first: "
                + declined.err());
        assertTrue(screen.toString(StandardCharsets.UTF_8).contains("Take these over and change them as shown?"),
                screen.toString(StandardCharsets.UTF_8));
        assertUntouched("adoptee", theirRole);

        Lamb.Run adopted = cloud.lamb("deploy", "--adopt", "--yes", "--dir", project.toString());
        assertEquals(0, adopted.exitCode(), adopted.err());
        assertTrue(adopted.err().contains("would update adoptee configuration (memory 512 -> 128, timeout 3 -> 10, environment: removed DB_PASSWORD"),
                "the plan is shown with --yes too: " + adopted.err());
        assertTrue(adopted.err().contains("function: adopted function adoptee (tag lamb:function=adoptee)"), adopted.err());
        assertFalse((adopted.out() + adopted.err()).contains(SECRET), "values are never shown");
        FunctionConfiguration now = cloud.aws().lambda().getFunction(r -> r.functionName("adoptee")).configuration();
        assertEquals(128, now.memorySize());
        assertEquals("arn:aws:iam::000000000000:role/lamb-adoptee-us-east-1", now.role());
        assertEquals("adoptee", cloud.aws().lambda().getFunction(r -> r.functionName("adoptee")).tags().get("lamb:function"));

        JsonNode again = JSON.readTree(cloud.lamb("deploy", "--output", "json", "--dir", project.toString()).out());
        assertEquals(0, again.path("write_calls").asInt(), "adopted: the next deploy is an ordinary no-op " + again);
        assertNotNull(cloud.aws().iam().getRole(r -> r.roleName("their-role")).role(), "their role is not lamb's to change");
    }

    @Test
    void destroyLeavesAloneWhatLambDidNotMakeAndDeployRefusesAllOfIt() {
        createRole("lamb-stranger-us-east-1");
        String theirRole = createRole("stranger-role");
        createFunction("stranger", theirRole, "--memory-size", "256");
        aws("logs", "create-log-group", "--log-group-name", "/aws/lambda/stranger");
        String apiId = aws("apigateway", "create-rest-api", "--name", "stranger").path("id").asText();
        Path project = DeployedCloud.init(tmp, "stranger");

        Lamb.Run refused = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("lamb: role lamb-stranger-us-east-1, log group /aws/lambda/stranger, function stranger, "
                + "REST API stranger (id " + apiId + ") exist without lamb's tag lamb:function=stranger"), refused.err());

        Lamb.Run destroy = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, destroy.exitCode(), destroy.err());
        assertEquals("nothing to destroy\n"
                + "  kept REST API stranger (id " + apiId + ") (not made by lamb, left alone)\n"
                + "  kept function stranger (not made by lamb, left alone)\n"
                + "  kept role lamb-stranger-us-east-1 (not made by lamb, left alone)\n"
                + "  kept log group /aws/lambda/stranger (not made by lamb, left alone)\n", destroy.out());
        assertUntouched("stranger", theirRole);
        assertNotNull(cloud.aws().iam().getRole(r -> r.roleName("lamb-stranger-us-east-1")).role());
        assertEquals(1, cloud.aws().logs().describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/stranger")).logGroups().size());
        assertEquals("stranger", cloud.aws().apiGateway().getRestApi(r -> r.restApiId(apiId)).name());

        // Adopted, all four carry lamb's tag, and then destroy removes them as lamb's own.
        Lamb.Run adopted = cloud.lamb("deploy", "--adopt", "--yes", "--dir", project.toString());
        assertEquals(0, adopted.exitCode(), adopted.err());
        for (String adoption : new String[] {"role: adopted role lamb-stranger-us-east-1", "logs: adopted log group /aws/lambda/stranger",
            "function: adopted function stranger", "api: adopted REST API stranger (id " + apiId + ")"}) {
            assertTrue(adopted.err().contains(adoption + " (tag lamb:function=stranger)\n"), adopted.err());
        }
        Lamb.Run gone = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, gone.exitCode(), gone.err());
        assertFalse(gone.out().contains("left alone"), gone.out());
        assertTrue(gone.out().contains("  deleted REST API stranger (id " + apiId + ")\n"), gone.out());
        assertTrue(gone.out().contains("  deleted role lamb-stranger-us-east-1"), gone.out());
        assertTrue(gone.out().contains("  deleted log group /aws/lambda/stranger\n"), gone.out());
        assertNotNull(cloud.aws().iam().getRole(r -> r.roleName("stranger-role")).role(), "the function's old role was never lamb's");
    }

    @Test
    void aLogGroupLambMadeCarriesItsTagAndDestroyRemovesOnlyWhatIsTagged() {
        Path project = DeployedCloud.init(tmp, "tagged");
        cloud.deploy(project);
        String arn = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/tagged";
        JsonNode tags = aws("logs", "list-tags-for-resource", "--resource-arn", arn);
        assertEquals("tagged", tags.path("tags").path("lamb:function").asText(), tags.toString());
        // The function's tag taken off by hand: it is no longer known to be lamb's, and destroy keeps it.
        aws("lambda", "untag-resource", "--resource", "arn:aws:lambda:us-east-1:000000000000:function:tagged",
                "--tag-keys", "lamb:function");

        Lamb.Run destroy = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, destroy.exitCode(), destroy.err());
        assertTrue(destroy.out().contains("  deleted log group /aws/lambda/tagged\n"), destroy.out());
        assertTrue(destroy.out().contains("  kept function tagged (not made by lamb, left alone)\n"), destroy.out());
        assertEquals(128, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("tagged")).memorySize());
    }

    private static void assertUntouched(String function, String roleArn) {
        FunctionConfiguration fn = cloud.aws().lambda().getFunction(r -> r.functionName(function)).configuration();
        assertEquals(roleArn, fn.role());
        assertFalse(fn.memorySize() == 128, "memory unchanged: " + fn.memorySize());
        Map<String, String> env = fn.environment() == null ? Map.of() : fn.environment().variables();
        if (function.equals("adoptee")) {
            assertEquals(Map.of("DB_PASSWORD", SECRET, "LOG_LEVEL", "DEBUG"), env);
        }
        assertFalse(cloud.aws().lambda().getFunction(r -> r.functionName(function)).tags().containsKey("lamb:function"));
    }

    private static String createRole(String name) {
        return aws("iam", "create-role", "--role-name", name, "--assume-role-policy-document", LambdaTrust.LOCAL)
                .path("Role").path("Arn").asText();
    }

    private static void createFunction(String name, String role, String... more) {
        String[] args = {"lambda", "create-function", "--function-name", name, "--runtime", "python3.14", "--handler",
            "handler.handler", "--role", role, "--zip-file", "fileb://theirs.zip"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        aws(all);
        aws("lambda", "wait", "function-active-v2", "--function-name", name);
    }

    private static JsonNode aws(String... args) {
        Processes.Result result = AwsCli.run(work, cloud.endpoint(), args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        try {
            return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
        } catch (IOException e) {
            throw new AssertionError(result.output(), e);
        }
    }
}
