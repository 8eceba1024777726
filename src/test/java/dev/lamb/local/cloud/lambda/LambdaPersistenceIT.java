package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.RecursiveLoop;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** A new Lambda service on the same data dir sees, and runs, what the last one held (event-invoke configs too). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaPersistenceIT {
    @TempDir
    Path dataDir;

    private <T> T withCloud(Function<LambdaClient, T> use) {
        try (LocalEngine engine = new LocalEngine(notice -> {});
                LocalCloud cloud = LocalCloud.start(0,
                        List.of(new LambdaService(dataDir, engine, arn -> true, Duration.ofMillis(200))));
                LambdaClient lambda = LambdaClient.builder()
                        .endpointOverride(URI.create(cloud.endpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(Apache5HttpClient.builder().build())
                        .build()) {
            return use.apply(lambda);
        }
    }

    /** The URL's id: its port is the cloud's, which changes with each start here. */
    private static String urlId(String functionUrl) {
        return URI.create(functionUrl).getHost().split("\\.")[0];
    }

    @Test
    void functionsVersionsAliasesAndUrlsSurviveARestart() throws Exception {
        RequiredTools.require("python3");
        String[] urlId = new String[1];
        String sha = withCloud(lambda -> {
            String created = lambda.createFunction(r -> r.functionName("kept").runtime(Runtime.PYTHON3_12)
                    .handler("handler.greet").role("arn:aws:iam::000000000000:role/r").publish(true)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1)))))
                    .codeSha256();
            lambda.waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName("kept").build());
            lambda.createAlias(r -> r.functionName("kept").name("prod").functionVersion("1"));
            lambda.putFunctionEventInvokeConfig(r -> r.functionName("kept").qualifier("prod").maximumRetryAttempts(0));
            lambda.addPermission(r -> r.functionName("kept").statementId("s1").action("lambda:InvokeFunction")
                    .principal("apigateway.amazonaws.com"));
            lambda.putFunctionRecursionConfig(r -> r.functionName("kept").recursiveLoop(RecursiveLoop.ALLOW));
            urlId[0] = urlId(lambda.createFunctionUrlConfig(r -> r.functionName("kept").qualifier("prod")
                    .authType(FunctionUrlAuthType.AWS_IAM).cors(c -> c.maxAge(60))).functionUrl());
            return created;
        });
        try (var dirs = Files.list(dataDir.resolve("lambda/code"))) {
            assertEquals(1, dirs.count(), "each distinct zip is unpacked once");
        }
        withCloud(lambda -> {
            assertEquals(List.of("kept"), lambda.listFunctions().functions().stream().map(f -> f.functionName()).toList());
            assertEquals(sha, lambda.getFunction(r -> r.functionName("kept")).configuration().codeSha256());
            assertEquals("1", lambda.getAlias(r -> r.functionName("kept").name("prod")).functionVersion());
            assertEquals(0, lambda.getFunctionEventInvokeConfig(r -> r.functionName("kept").qualifier("prod")).maximumRetryAttempts());
            assertTrue(lambda.getPolicy(r -> r.functionName("kept")).policy().contains("\"Sid\":\"s1\""));
            assertEquals(RecursiveLoop.ALLOW, lambda.getFunctionRecursionConfig(r -> r.functionName("kept")).recursiveLoop());
            var url = lambda.getFunctionUrlConfig(r -> r.functionName("kept").qualifier("prod"));
            assertEquals(List.of(urlId[0], FunctionUrlAuthType.AWS_IAM, 60),
                    List.of(urlId(url.functionUrl()), url.authType(), url.cors().maxAge()));
            var out = lambda.invoke(r -> r.functionName("kept").qualifier("prod")
                    .payload(SdkBytes.fromUtf8String("{\"name\":\"Ada\"}")));
            assertEquals("1", out.executedVersion());
            assertEquals("{\"greeting\": \"Hello, Ada!\"}", out.payload().asUtf8String());
            return null;
        });
    }
}
