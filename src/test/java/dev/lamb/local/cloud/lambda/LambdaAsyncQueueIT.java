package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
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
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

    @RegisterExtension
    final ServiceCloud cloud = ServiceCloud.perTest(AsyncFixtures::services);

    private LambdaClient client() {
        return LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** A function that runs one event at a time, each for a minute. */
    private static void createSlow(LambdaClient lambda) {
        RequiredTools.require("python3");
        lambda.createFunction(r -> r.functionName("sdk-slow").runtime(Runtime.PYTHON3_12).handler("handler.handler")
                .role(ROLE).timeout(60).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(
                        "import time\ndef handler(event, context):\n    time.sleep(60)\n")))));
        lambda.putFunctionConcurrency(r -> r.functionName("sdk-slow").reservedConcurrentExecutions(1));
    }

    private static int invokeEvent(LambdaClient lambda, String function) {
        return lambda.invoke(r -> r.functionName(function).invocationType(InvocationType.EVENT)).statusCode();
    }

    @Test
    void anEventPastTheQueuesThousandIsThrottled() {
        try (LambdaClient lambda = client()) {
            createSlow(lambda);
            for (int i = 0; i < AsyncInvocations.CAPACITY; i++) {
                assertEquals(202, invokeEvent(lambda, "sdk-slow"));
            }
            TooManyRequestsException full = assertThrows(TooManyRequestsException.class, () -> invokeEvent(lambda, "sdk-slow"));
            assertEquals(429, full.statusCode());
        }
    }

    /** Events waiting for a busy function hold no thread: another function's events still run at once. */
    @Test
    void eventsWaitingForABusyFunctionDoNotHoldUpOthers() throws Exception {
        try (LambdaClient lambda = client()) {
            createSlow(lambda);
            for (int i = 0; i < 100; i++) {
                invokeEvent(lambda, "sdk-slow");
            }
            lambda.createFunction(r -> r.functionName("sdk-quick").runtime(Runtime.PYTHON3_12).handler("handler.handler").role(ROLE)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(AsyncFixtures.SUCCEEDS)))));
            lambda.createFunction(r -> r.functionName("sdk-quick-sink").runtime(Runtime.PYTHON3_12).handler("handler.handler").role(ROLE)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(AsyncFixtures.SINK)))));
            lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-quick").destinationConfig(d -> d.onSuccess(
                    o -> o.destination("arn:aws:lambda:us-east-1:000000000000:function:sdk-quick-sink"))));
            lambda.invoke(r -> r.functionName("sdk-quick").invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{\"n\": 4}")));
            try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(URI.create(cloud.endpoint()))
                    .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                JsonNode record = new AsyncFixtures(group -> logs.filterLogEventsPaginator(r -> r.logGroupName(group)).events().stream()
                        .map(e -> e.message()).toList()).record("sdk-quick-sink");
                assertEquals("Success", record.at("/requestContext/condition").asText());
            }
        }
    }
}
