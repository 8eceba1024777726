package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.KillBurst;
import dev.lamb.testing.Ports;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Issue 14, section 5: a function's file is synced after CreateFunction answers (DurableFiles), which must cost
 * nothing when the cloud is killed: a detached cloud killed with SIGKILL during a burst of CreateFunction calls
 * keeps every function it acknowledged, whole, and of the others at most the one in flight; its folder loads
 * with nothing set aside as damaged.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaKillIT {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path data;

    private static LambdaClient lambda(int port) {
        return LambdaClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
    }

    @Test
    void killMinus9KeepsEveryAcknowledgedFunction() throws Exception {
        LocalCloudHome home = new LocalCloudHome(data);
        int port = Ports.free();
        long pid = home.startDetached(port, LocalCloudHome.thisLamb()).running().pid();
        byte[] zip = LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1);
        KillBurst burst;
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build()).build();
                LambdaClient lambda = lambda(port)) {
            String role = iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument(TRUST)).role().arn();
            burst = KillBurst.run(pid, 20, i -> "f" + i, name -> lambda.createFunction(r -> r.functionName(name)
                    .runtime(Runtime.PYTHON3_12).handler("handler.greet").role(role)
                    .environment(e -> e.variables(Map.of("NAME", name))).code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))));
        }
        Set<String> acknowledged = burst.acknowledged();
        assertTrue(acknowledged.size() > 5, "enough creates were acknowledged before the kill: " + acknowledged.size());
        int restarted = Ports.free();
        home.startDetached(restarted, LocalCloudHome.thisLamb());
        try (LambdaClient lambda = lambda(restarted)) {
            List<FunctionConfiguration> kept = lambda.listFunctionsPaginator(r -> {}).functions().stream().toList();
            Set<String> names = new HashSet<>();
            for (FunctionConfiguration f : kept) {
                names.add(f.functionName());
                assertEquals(f.functionName(), f.environment().variables().get("NAME"), "function " + f.functionName() + " is whole");
            }
            assertTrue(names.containsAll(acknowledged), "every acknowledged create is there: missing "
                    + acknowledged.stream().filter(n -> !names.contains(n)).sorted().toList());
            Set<String> unacknowledged = new HashSet<>(names);
            unacknowledged.removeAll(acknowledged);
            assertTrue(burst.onlyInFlight(unacknowledged),
                    "only the create in flight may be there unacknowledged: " + unacknowledged);
            try (Stream<Path> files = Files.walk(data)) {
                assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".damaged")).toList(), "a kill damages no file");
            }
        } finally {
            home.stop();
        }
    }
}
