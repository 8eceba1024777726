package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.local.cloud.FaultsClient;
import dev.lamb.testing.DeployedCloud;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Lambda's own faults, conflict and iam-delay, as the Java SDK sees them through lamb's client factory. */
class LambdaFaultsEndToEndIT {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @RegisterExtension
    final DeployedCloud cloud = DeployedCloud.perTest();

    private FaultsClient admin;

    @BeforeEach
    void admin() {
        admin = new FaultsClient(cloud.endpoint());
    }

    private String role(String name) {
        return cloud.aws().iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)).role().arn();
    }

    private void create(String name, String role) {
        cloud.aws().lambda().createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.greet")
                .role(role).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1)))));
    }

    @Test
    void conflictFailsTheNextUpdatesWhichTheSdkDoesNotRetry() {
        create("conflicted", role("conflict-role"));
        cloud.aws().lambda().waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName("conflicted").build());
        admin.add("lambda", null, "conflict", null, null, 2);
        cloud.aws().lambda().getFunction(r -> r.functionName("conflicted"));
        cloud.aws().lambda().invoke(r -> r.functionName("conflicted"));
        assertEquals(0, admin.list().get(0).get("fired"), "reads and invokes are not updates: " + admin.list());

        ResourceConflictException first = assertThrows(ResourceConflictException.class,
                () -> cloud.aws().lambda().updateFunctionConfiguration(r -> r.functionName("conflicted").timeout(7)));
        assertEquals(409, first.statusCode());
        assertEquals("The operation cannot be performed at this time. An update is in progress for resource: "
                + "arn:aws:lambda:us-east-1:000000000000:function:conflicted", first.awsErrorDetails().errorMessage());
        assertEquals(1, admin.list().get(0).get("fired"), "the SDK does not retry a 409: " + admin.list());

        assertThrows(ResourceConflictException.class,
                () -> cloud.aws().lambda().updateFunctionConfiguration(r -> r.functionName("conflicted").timeout(7)));
        Map<String, Object> spent = admin.list().get(0);
        assertEquals(2, spent.get("fired"), spent.toString());
        assertEquals(true, spent.get("spent"), spent.toString());

        assertEquals(7, cloud.aws().lambda().updateFunctionConfiguration(r -> r.functionName("conflicted").timeout(7)).timeout());
    }

    @Test
    void conflictCanBeNarrowedToCodeUpdates() {
        create("code-only", role("code-role"));
        cloud.aws().lambda().waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName("code-only").build());
        admin.add("lambda", "/code$", "conflict", null, null, null);
        assertEquals(5, cloud.aws().lambda().updateFunctionConfiguration(r -> r.functionName("code-only").timeout(5)).timeout());
        cloud.aws().lambda().waiter().waitUntilFunctionUpdatedV2(GetFunctionRequest.builder().functionName("code-only").build());
        assertThrows(ResourceConflictException.class, () -> cloud.aws().lambda().updateFunctionCode(r -> r.functionName("code-only")
                .zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V2)))));
    }

    @Test
    void iamDelayRefusesARoleTooNewToAssume() throws Exception {
        admin.add("lambda", null, "iam-delay", null, 1500L, null);
        String role = role("fresh-role");
        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class, () -> create("too-soon", role));
        assertEquals(400, e.statusCode());
        assertEquals("The role defined for the function cannot be assumed by Lambda.", e.awsErrorDetails().errorMessage());
        assertTrue((Integer) admin.list().get(0).get("fired") >= 1, admin.list().toString());

        Thread.sleep(1600);
        create("too-soon", role);
        assertEquals("too-soon", cloud.aws().lambda().getFunction(r -> r.functionName("too-soon")).configuration().functionName());
    }

    @Test
    void iamDelayRulesAreValidated() {
        assertThrows(RuntimeException.class, () -> admin.add("iam", null, "iam-delay", null, 1000L, null));
        assertThrows(RuntimeException.class, () -> admin.add("lambda", null, "iam-delay", null, null, null));
        assertThrows(RuntimeException.class, () -> admin.add("logs", null, "conflict", null, null, null));
    }
}
