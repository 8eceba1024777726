package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * A function still Pending refuses Invoke with 409 ResourceConflictException, as Lambda does (Lambda API reference,
 * Invoke's errors; "Lambda function states" in the Developer Guide). Its own class, with a state that lasts a minute,
 * so that a loaded machine cannot let the function turn Active before the invoke arrives.
 */
class LambdaPendingIT {
    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) ->
            List.of(new LambdaService(data, engine.get(), Set.of(LambdaSdkIT.ROLE)::contains, Duration.ofMinutes(1))));

    @Test
    void invokeWhilePendingConflicts() {
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            lambda.createFunction(r -> r.functionName("sdk-pending").runtime(Runtime.PYTHON3_12).handler("handler.greet")
                    .role(LambdaSdkIT.ROLE).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1)))));
            assertEquals(State.PENDING, lambda.getFunction(r -> r.functionName("sdk-pending")).configuration().state());
            ResourceConflictException e = assertThrows(ResourceConflictException.class,
                    () -> lambda.invoke(r -> r.functionName("sdk-pending")));
            assertTrue(e.getMessage().contains("Pending"), e.getMessage());
        }
    }
}
