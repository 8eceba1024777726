package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Moto;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.RecursiveLoop;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The Lambda operations Terraform and cleanup scripts call (issue 14 §2, §3, §4), through boto3 (also against moto's
 * server, for what it serves), the AWS CLI v2 and the Java SDK. Expected values from botocore's lambda/2015-03-31
 * model and the Lambda API reference.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaControlPlaneIT {
    private static final Path SCRIPT = Path.of("src/test/resources/boto3/lambda_control_plane.py").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NO_PROFILE = Map.of("AWS_CONFIG_FILE", "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "PYTHONDONTWRITEBYTECODE", "1");

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();
    @TempDir
    static Path work;
    static String role;

    @BeforeAll
    static void role() throws Exception {
        role = cloud.aws().iam().createRole(r -> r.roleName("control-plane-java").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        Files.write(work.resolve("fn.zip"), LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1));
    }

    private static void create(LambdaClient lambda, String name) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).role(role).handler("handler.greet")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1)))));
    }

    private static void runScript(String endpoint, String... mode) {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        List<String> command = new ArrayList<>(List.of(python.toString(), SCRIPT.toString(), endpoint));
        command.addAll(List.of(mode));
        Processes.Result run = Processes.run(SCRIPT.getParent(), NO_PROFILE, 120, command);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("ok lambda control plane", run.output().strip(), run.output());
    }

    @Test
    void boto3AgainstTheLocalCloud() {
        runScript(cloud.endpoint());
    }

    /** The same checks against moto's server, for the operations it serves (the script says which). */
    @Test
    void boto3AgainstMoto() {
        try (Moto moto = Moto.start()) {
            runScript(moto.endpoint().toString(), "moto");
        }
    }

    @Test
    void javaSdkPagesWhileDeletingAndServesTheSettingsTerraformReads() {
        LambdaClient lambda = cloud.aws().lambda();
        List<String> names = List.of("java-clean-1", "java-clean-2", "java-clean-3", "java-clean-4", "java-clean-5");
        names.forEach(n -> create(lambda, n));
        List<String> deleted = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListFunctionsResponse page = lambda.listFunctions(r -> r.maxItems(2).marker(from));
            page.functions().stream().filter(f -> f.functionName().startsWith("java-clean-")).forEach(f -> {
                lambda.deleteFunction(r -> r.functionName(f.functionName()));
                deleted.add(f.functionName());
            });
            marker = page.nextMarker();
        } while (marker != null);
        assertEquals(names, deleted.stream().sorted().toList());
        // The model lists InvalidParameterValueException among ListFunctions' errors: a marker it never handed out.
        assertThrows(InvalidParameterValueException.class, () -> lambda.listFunctions(r -> r.marker("bogus")));

        create(lambda, "java-settings");
        assertEquals("java-settings", lambda.getFunctionCodeSigningConfig(r -> r.functionName("java-settings")).functionName());
        assertEquals(RecursiveLoop.TERMINATE,
                lambda.getFunctionRecursionConfig(r -> r.functionName("java-settings")).recursiveLoop());
        var account = lambda.getAccountSettings(r -> {});
        assertEquals(52_428_800L, account.accountLimit().codeSizeZipped());
        assertTrue(account.accountUsage().functionCount() >= 1);
        var url = lambda.createFunctionUrlConfig(r -> r.functionName("java-settings").authType(FunctionUrlAuthType.AWS_IAM));
        assertEquals(url.functionUrl(), lambda.getFunctionUrlConfig(r -> r.functionName("java-settings")).functionUrl());
        assertEquals(1, lambda.listFunctionUrlConfigs(r -> r.functionName("java-settings")).functionUrlConfigs().size());
        lambda.deleteFunctionUrlConfig(r -> r.functionName("java-settings"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunctionUrlConfig(r -> r.functionName("java-settings")));
        // lamb's deliberate difference: ruby3.3 is a runtime Lambda has, but the engine cannot run it.
        var refused = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("java-ruby").runtime(Runtime.RUBY3_3).role(role).handler("handler.greet")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1))))));
        assertTrue(refused.getMessage().contains("ruby3.3") && refused.getMessage().contains("python3.12"), refused.getMessage());
        lambda.deleteFunction(r -> r.functionName("java-settings"));
    }

    @Test
    void awsCliServesUrlConfigsConcurrencyAndAccountSettings() throws Exception {
        ok("lambda", "create-function", "--function-name", "cli-settings", "--runtime", "python3.12", "--handler",
                "handler.greet", "--role", role, "--zip-file", "fileb://fn.zip");
        JsonNode url = ok("lambda", "create-function-url-config", "--function-name", "cli-settings", "--auth-type", "NONE");
        assertEquals("NONE", url.get("AuthType").asText());
        assertEquals(url.get("FunctionUrl"), ok("lambda", "list-function-url-configs", "--function-name", "cli-settings")
                .get("FunctionUrlConfigs").get(0).get("FunctionUrl"));
        int unreserved = ok("lambda", "get-account-settings").at("/AccountLimit/UnreservedConcurrentExecutions").asInt();
        assertEquals(3, ok("lambda", "put-function-concurrency", "--function-name", "cli-settings",
                "--reserved-concurrent-executions", "3").get("ReservedConcurrentExecutions").asInt());
        assertEquals(unreserved - 3,
                ok("lambda", "get-account-settings").at("/AccountLimit/UnreservedConcurrentExecutions").asInt());
        // Reservations together may not pass the account's limit (Lambda's PutFunctionConcurrency reference).
        Processes.Result tooMuch = AwsCli.run(work, cloud.endpoint(), "lambda", "put-function-concurrency", "--function-name",
                "cli-settings", "--reserved-concurrent-executions", String.valueOf(unreserved + 1));
        assertTrue(tooMuch.output().contains("InvalidParameterValueException")
                && tooMuch.output().contains("UnreservedConcurrentExecution below its minimum"), tooMuch.output());
        // The CLI here (2.9) predates Get/PutFunctionRecursionConfig; boto3 and the Java SDK cover them.
        assertEquals("", ok("lambda", "get-function-code-signing-config", "--function-name", "cli-settings")
                .path("CodeSigningConfigArn").asText());
        Processes.Result ruby = AwsCli.run(work, cloud.endpoint(), "lambda", "create-function", "--function-name", "cli-ruby",
                "--runtime", "ruby3.3", "--handler", "h.h", "--role", role, "--zip-file", "fileb://fn.zip");
        assertTrue(ruby.output().contains("InvalidParameterValueException"), ruby.output());
        ok("lambda", "delete-function", "--function-name", "cli-settings");
    }

    /**
     * Issue 15 §3: provisioned concurrency through the AWS CLI v2. Put answers IN_PROGRESS, Get reads READY once the
     * instance ran its init, and the alias's first invocation is warm: its REPORT line has no Init Duration (Lambda
     * developer guide, "Configuring provisioned concurrency"; statuses from the model's ProvisionedConcurrencyStatusEnum).
     */
    @Test
    void awsCliProvisionsAnAliasAheadOfItsFirstInvoke() throws Exception {
        LambdaClient lambda = cloud.aws().lambda();
        create(lambda, "cli-provisioned");
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("cli-provisioned"));
        String version = lambda.publishVersion(r -> r.functionName("cli-provisioned")).version();
        lambda.createAlias(r -> r.functionName("cli-provisioned").name("live").functionVersion(version));
        JsonNode put = ok("lambda", "put-provisioned-concurrency-config", "--function-name", "cli-provisioned", "--qualifier",
                "live", "--provisioned-concurrent-executions", "1");
        assertEquals("IN_PROGRESS", put.get("Status").asText());
        JsonNode got = put;
        for (int i = 0; i < 50 && got.get("Status").asText().equals("IN_PROGRESS"); i++) {
            got = ok("lambda", "get-provisioned-concurrency-config", "--function-name", "cli-provisioned", "--qualifier", "live");
        }
        assertEquals("READY", got.get("Status").asText(), got.toString());
        assertEquals(1, got.get("AvailableProvisionedConcurrentExecutions").asInt());
        JsonNode invoked = ok("lambda", "invoke", "--function-name", "cli-provisioned", "--qualifier", "live", "--log-type", "Tail",
                "--cli-binary-format", "raw-in-base64-out", "--payload", "{}", "out.json");
        String tail = new String(Base64.getDecoder().decode(invoked.get("LogResult").asText()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("REPORT RequestId:") && !tail.contains("Init Duration"), tail);
        int more = 2;
        for (int i = 0; i < more; i++) {
            lambda.invoke(r -> r.functionName("cli-provisioned").qualifier("live").payload(SdkBytes.fromUtf8String("{}")));
        }
        assertProvisionedMetrics("cli-provisioned:live", 1 + more);
        lambda.deleteFunction(r -> r.functionName("cli-provisioned"));
    }

    /**
     * Issue 16 §3: each invocation through the alias, one after another, ran on its provisioned instance: AWS/Lambda's
     * ProvisionedConcurrencyInvocations counts them all under the alias's Resource, ProvisionedConcurrencySpilloverInvocations
     * none, and ProvisionedConcurrencyUtilization's Maximum is 1 (one instance in use of one allocated; Lambda developer
     * guide, "Monitoring concurrency"), read with the AWS CLI v2's get-metric-data.
     */
    private static void assertProvisionedMetrics(String resource, int invocations) throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        String dimensions = "[{\"Name\":\"FunctionName\",\"Value\":\"" + resource.split(":")[0] + "\"},"
                + "{\"Name\":\"Resource\",\"Value\":\"" + resource + "\"}]";
        List<String> queries = new ArrayList<>();
        Map.of("pc", "ProvisionedConcurrencyInvocations:Sum", "spill", "ProvisionedConcurrencySpilloverInvocations:Sum",
                "use", "ProvisionedConcurrencyUtilization:Maximum").forEach((id, metric) -> queries.add("{\"Id\":\"" + id
                        + "\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"" + metric.split(":")[0]
                        + "\",\"Dimensions\":" + dimensions + "},\"Period\":600,\"Stat\":\"" + metric.split(":")[1] + "\"}}"));
        JsonNode data = ok("cloudwatch", "get-metric-data", "--metric-data-queries", "[" + String.join(",", queries) + "]",
                "--start-time", start.toString(), "--end-time", start.plusSeconds(600).toString());
        Map<String, Double> figures = new HashMap<>();
        data.path("MetricDataResults").forEach(r -> figures.put(r.path("Id").asText(), r.path("Values").path(0).asDouble(-1)));
        assertEquals(Map.of("pc", (double) invocations, "spill", 0.0, "use", 1.0), figures, data.toString());
    }

    /** The CLI's own paging (NextToken wraps Lambda's NextMarker), with every page's functions deleted before the next. */
    @Test
    void awsCliPagingWhileDeletingDeletesAll() throws Exception {
        List<String> names = List.of("cli-clean-1", "cli-clean-2", "cli-clean-3");
        // Made through the SDK: awsCliServesUrlConfigsConcurrencyAndAccountSettings proves the CLI's create-function, and
        // each CLI start costs some 0.7 s of CPU.
        for (String name : names) {
            create(cloud.aws().lambda(), name);
        }
        List<String> deleted = new ArrayList<>();
        String token = null;
        do {
            List<String> args = new ArrayList<>(List.of("lambda", "list-functions", "--page-size", "2", "--max-items", "2"));
            if (token != null) {
                args.addAll(List.of("--starting-token", token));
            }
            JsonNode page = ok(args.toArray(String[]::new));
            for (String name : page.get("Functions").findValuesAsText("FunctionName")) {
                if (name.startsWith("cli-clean-")) {
                    ok("lambda", "delete-function", "--function-name", name);
                    deleted.add(name);
                }
            }
            token = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
        } while (token != null);
        assertEquals(names, deleted.stream().sorted().toList());
        Processes.Result unknown = AwsCli.run(work, cloud.endpoint(), "lambda", "list-functions", "--no-paginate", "--marker", "bogus");
        assertTrue(unknown.output().contains("InvalidParameterValueException"), unknown.output());
    }

    private static JsonNode ok(String... args) throws Exception {
        Processes.Result result = AwsCli.run(work, cloud.endpoint(), args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
    }
}
