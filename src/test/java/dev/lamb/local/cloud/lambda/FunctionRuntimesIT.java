package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.LambdaRuntimes;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.local.runtime.RuntimeReport;
import dev.lamb.local.runtime.TestEngines;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * Functions of the local cloud run as Lambda runs them (issue 14, "Runtime versions are the function's"):
 * on the interpreter of their runtime's version, else on the nearest one found, said once per function;
 * with the AWS SDK (boto3, the JavaScript SDK v3) importable after their own packages; with the qualifier
 * the invoker used in the context's invoked ARN; under the request id the Invoke response carries. Driven
 * through the Java SDK, boto3 and the AWS CLI v2.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FunctionRuntimesIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Where the JavaScript SDK v3 test harness installs the @aws-sdk/client-* packages (npm ci in src/test/js). */
    static final Path JS_SDK = Path.of("src/test/js/node_modules").toAbsolutePath();

    static final String PYTHON_HANDLER = """
            import sys

            def handler(event, context):
                out = {"python": "%d.%d" % sys.version_info[:2], "arn": context.invoked_function_arn,
                       "requestId": context.aws_request_id}
                try:
                    import boto3
                    out["boto3"] = boto3.__version__
                    out["functions"] = len(boto3.client("lambda").list_functions()["Functions"])
                except Exception as e:
                    out["boto3Error"] = repr(e)
                return out
            """;
    static final String NODE_HANDLER = """
            exports.handler = async (event, context) => {
              const out = { node: process.versions.node.split('.')[0], arn: context.invokedFunctionArn, requestId: context.awsRequestId };
              try {
                const { LambdaClient, ListFunctionsCommand } = require('@aws-sdk/client-lambda');
                out.functions = (await new LambdaClient({}).send(new ListFunctionsCommand({}))).Functions.length;
              } catch (e) {
                out.sdkError = String(e);
              }
              return out;
            };
            """;

    static final List<String> notices = new CopyOnWriteArrayList<>();
    static final BlockingQueue<LambdaInvocation> invocations = new LinkedBlockingQueue<>();
    static LambdaService service;

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of(() -> TestEngines.finding(machine(), notices::add), (data, engine) -> {
        service = new LambdaService(data, engine.get(), Set.of(ROLE)::contains, Duration.ofMillis(100));
        service.onInvocation(invocations::add);
        return List.of(service);
    });

    @TempDir
    static Path work;
    static LambdaClient lambda;
    static RuntimeReport report;

    /** lamb's environment, with the test harness's JavaScript SDK on NODE_PATH when it is installed. */
    static Map<String, String> machine() {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (Files.isDirectory(JS_SDK.resolve("@aws-sdk"))) {
            env.put("NODE_PATH", JS_SDK.toString());
        }
        return env;
    }

    @BeforeAll
    static void start() {
        RequiredTools.require("python3");
        lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        try (LocalEngine engine = TestEngines.finding(machine(), n -> {})) {
            report = engine.runtimeReport();
        }
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
    }

    static boolean installed(String runtime) {
        return report.runtimes().stream().anyMatch(r -> r.runtime().equals(runtime));
    }

    static void create(String name, String runtime, String handler, Map<String, String> files) {
        // Time enough for a cold start that imports boto3 on a machine busy with other tests.
        lambda.createFunction(r -> r.functionName(name).runtime(runtime).handler(handler).role(ROLE).timeout(30)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.zip(files)))));
        lambda.waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName(name).build());
    }

    static JsonNode payload(InvokeResponse response) throws Exception {
        return JSON.readTree(response.payload().asUtf8String());
    }

    @Test
    void aPythonFunctionRunsItsOwnVersionWithBoto3AndTheInvokersQualifier() throws Exception {
        assumeTrue(installed("python3.13"), "python3.13 is not installed here");
        create("py313", "python3.13", "handler.handler", Map.of("handler.py", PYTHON_HANDLER));
        lambda.publishVersion(r -> r.functionName("py313"));
        lambda.createAlias(r -> r.functionName("py313").name("live").functionVersion("1"));

        InvokeResponse plain = lambda.invoke(r -> r.functionName("py313").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
        JsonNode seen = payload(plain);
        assertEquals("3.13", seen.path("python").asText(), seen.toString());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:py313", seen.path("arn").asText());
        // The response's x-amzn-RequestId is the invocation's: the handler's aws_request_id and its REPORT line's.
        String requestId = plain.responseMetadata().requestId();
        assertEquals(requestId, seen.path("requestId").asText());
        assertTrue(new String(Base64.getDecoder().decode(plain.logResult()), StandardCharsets.UTF_8)
                .contains("REPORT RequestId: " + requestId));
        // boto3 1.28 or later (it honours AWS_ENDPOINT_URL), the copy this machine's python3 has, imported by a
        // Python of another version from the engine's folder, reaches the local cloud.
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        assertTrue(report.sdks().stream().anyMatch(s -> s.sdk().equals("boto3")), report.toString());
        List<Integer> version = List.of(seen.path("boto3").asText("0.0").split("\\.")).stream().map(Integer::parseInt).toList();
        assertTrue(version.get(0) > 1 || version.get(0) == 1 && version.get(1) >= 28, seen.toString());
        assertTrue(seen.path("functions").asInt() >= 1, seen.toString());

        JsonNode byAlias = payload(lambda.invoke(r -> r.functionName("py313").qualifier("live")));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:py313:live", byAlias.path("arn").asText(), byAlias.toString());
        JsonNode byVersion = payload(lambda.invoke(r -> r.functionName("arn:aws:lambda:us-east-1:000000000000:function:py313:1")));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:py313:1", byVersion.path("arn").asText(), byVersion.toString());

        // An Event invoke's 202 carries the request id the invocation then runs under.
        invocations.clear();
        InvokeResponse queued = lambda.invoke(r -> r.functionName("py313").invocationType(InvocationType.EVENT));
        assertEquals(202, queued.statusCode());
        LambdaInvocation ran = invocations.poll(60, TimeUnit.SECONDS);
        assertEquals(queued.responseMetadata().requestId(), ran == null ? null : ran.result().requestId());

        Path script = Path.of("src/test/resources/runtimes/sdk_invoke.py").toAbsolutePath();
        Processes.Result boto3 = Processes.run(work, Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
                90, List.of(python.toString(), script.toString(), cloud.endpoint(), "py313"));
        assertEquals("ok", boto3.output().strip(), boto3.output());

        // The AWS CLI v2: the alias's ARN in the context of an invoke with --qualifier.
        Path out = work.resolve("cli-out.json");
        Processes.Result cli = AwsCli.run(work, cloud.endpoint(), "lambda", "invoke", "--function-name", "py313",
                "--qualifier", "live", "--payload", "{}", "--cli-binary-format", "raw-in-base64-out", out.toString());
        assertEquals(0, cli.exitCode(), cli.output());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:py313:live", JSON.readTree(out.toFile()).path("arn").asText());
    }

    @Test
    void aVersionNotInstalledRunsOnTheNearestAndSaysSoOnce() throws Exception {
        assumeTrue(!installed("python3.14") && installed("python3.13"), "needs python3.13 and no python3.14");
        // A function's own boto3 comes first on its path, before the engine's, as on Lambda.
        create("py314", "python3.14", "handler.handler", Map.of("handler.py", PYTHON_HANDLER,
                "boto3/__init__.py", "__version__ = '0.0.own'\n"));
        for (int i = 0; i < 2; i++) {
            JsonNode seen = payload(lambda.invoke(r -> r.functionName("py314")));
            assertEquals("3.13", seen.path("python").asText());
            assertEquals("0.0.own", seen.path("boto3").asText(), seen.toString());
        }
        List<String> said = notices.stream().filter(n -> n.contains("py314")).toList();
        assertEquals(1, said.size(), notices.toString());
        assertTrue(said.get(0).contains("python3.14 is not installed here; it runs on python3.13 ("), said.get(0));
    }

    @Test
    void aNodeFunctionSeesTheQualifierAndTheJavaScriptSdk() throws Exception {
        assumeTrue(report.runtimes().stream().anyMatch(r -> r.runtime().startsWith("nodejs")), "no node installed");
        String runtime = report.runtimes().stream().map(RuntimeReport.Runtime::runtime).filter(r -> r.startsWith("nodejs"))
                .findFirst().orElseThrow();
        create("node-fn", runtime, "index.handler", Map.of("index.js", NODE_HANDLER));
        lambda.publishVersion(r -> r.functionName("node-fn"));
        lambda.createAlias(r -> r.functionName("node-fn").name("live").functionVersion("1"));

        InvokeResponse response = lambda.invoke(r -> r.functionName("node-fn").qualifier("live"));
        JsonNode seen = payload(response);
        assertEquals(runtime, "nodejs" + seen.path("node").asText() + ".x", seen.toString());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:node-fn:live", seen.path("arn").asText());
        assertEquals(response.responseMetadata().requestId(), seen.path("requestId").asText());
        if (report.sdks().stream().anyMatch(s -> s.sdk().startsWith("AWS SDK for JavaScript"))) {
            assertTrue(seen.path("functions").asInt() >= 1, seen.toString());
            // An ES module handler imports the SDK too, as on Lambda's Node.js 18 and later.
            create("node-esm", runtime, "index.handler", Map.of("index.mjs", """
                    import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
                    export const handler = async () => (await new LambdaClient({}).send(new ListFunctionsCommand({}))).Functions.length;
                    """));
            assertTrue(Integer.parseInt(lambda.invoke(r -> r.functionName("node-esm")).payload().asUtf8String()) >= 2);
        } else {
            assertTrue(seen.path("sdkError").asText().contains("Cannot find module '@aws-sdk/client-lambda'"), seen.toString());
            assertTrue(report.missing().stream().anyMatch(m -> m.startsWith("AWS SDK for JavaScript v3: no @aws-sdk")), report.toString());
        }
    }

    @Test
    void theEngineRunsPythonNodeJavaAndProvidedButNotRuby() {
        List<String> runnable;
        try (LocalEngine engine = TestEngines.finding(machine(), n -> {})) {
            runnable = engine.runnableRuntimes(LambdaRuntimes.ids());
        }
        assertTrue(runnable.containsAll(List.of("java21", "provided.al2023")), runnable.toString());
        assertFalse(runnable.contains("ruby3.3"), runnable.toString());
        assertFalse(runnable.contains("dotnet8"), runnable.toString());
        assertEquals(installed("python3.13") || report.runtimes().stream().anyMatch(r -> r.runtime().startsWith("python")),
                runnable.contains("python3.13"));
    }
}
