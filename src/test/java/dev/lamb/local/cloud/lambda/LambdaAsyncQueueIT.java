package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * The local cloud's queue of asynchronous invocations is bounded (issue 12 found it unbounded): with a slow
 * function that runs one event at a time, the queue takes 1,000 events and throttles the next with Lambda's 429
 * TooManyRequestsException (an error Invoke's model lists). Its own cloud: the queue is full when the test ends.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaAsyncQueueIT {
    @RegisterExtension
    final ServiceCloud cloud = ServiceCloud.perTest(AsyncFixtures::services);

    @Test
    void anEventPastTheQueuesThousandIsThrottled() {
        RequiredTools.require("python3");
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            lambda.createFunction(r -> r.functionName("sdk-slow").runtime(Runtime.PYTHON3_12).handler("handler.handler")
                    .role("arn:aws:iam::000000000000:role/lambda-role").timeout(60)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(
                            "import time\ndef handler(event, context):\n    time.sleep(60)\n")))));
            lambda.putFunctionConcurrency(r -> r.functionName("sdk-slow").reservedConcurrentExecutions(1));
            for (int i = 0; i < AsyncInvocations.CAPACITY; i++) {
                assertEquals(202, lambda.invoke(r -> r.functionName("sdk-slow").invocationType(InvocationType.EVENT)).statusCode());
            }
            TooManyRequestsException full = assertThrows(TooManyRequestsException.class,
                    () -> lambda.invoke(r -> r.functionName("sdk-slow").invocationType(InvocationType.EVENT)));
            assertEquals(429, full.statusCode());
        }
    }
}
