package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionEventInvokeConfig;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PutFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Event-invoke configs and asynchronous invocation (retries, event age, destinations) through the AWS SDK for
 * Java v2, on the real engine, with the queue's clock at 1/100 (Lambda's 1- and 2-minute retry delays become 0.6
 * and 1.2 s). Expected values: botocore's lambda 2015-03-31 model (operations, constraints), the Lambda
 * developer guide's invocation record (invocation-async-retain-records) and retry timing (invocation-async).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaAsyncSdkIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of(AsyncFixtures::services);
    static LambdaClient lambda;
    static CloudWatchLogsClient logs;
    static AsyncFixtures fixtures;

    @BeforeAll
    static void start() {
        RequiredTools.require("python3");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        logs = CloudWatchLogsClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        fixtures = new AsyncFixtures(group -> logs.filterLogEventsPaginator(r -> r.logGroupName(group)).events().stream()
                .map(e -> e.message()).toList());
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
            logs.close();
        }
    }

    private static void create(String name, String source) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.handler").role(ROLE)
                .timeout(10).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(source)))));
    }

    /** The function, and NAME-sink, a function that logs the records it receives. */
    private static void createWithSink(String name, String source) {
        create(name, source);
        create(name + "-sink", AsyncFixtures.SINK);
    }

    private static int invokeEvent(String name, String payload) {
        return lambda.invoke(r -> r.functionName(name).invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(payload)))
                .statusCode();
    }

    @Test
    void putGetUpdateListAndDeleteAConfig() {
        create("sdk-config", AsyncFixtures.SUCCEEDS);
        create("sdk-config-sink", AsyncFixtures.SINK);
        PutFunctionEventInvokeConfigResponse put = lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-config")
                .maximumRetryAttempts(1).maximumEventAgeInSeconds(120)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "sdk-config-sink"))));
        assertEquals(ARN + "sdk-config:$LATEST", put.functionArn());
        assertEquals(1, put.maximumRetryAttempts());
        assertEquals(120, put.maximumEventAgeInSeconds());
        assertEquals(ARN + "sdk-config-sink", put.destinationConfig().onFailure().destination());
        assertNull(put.destinationConfig().onSuccess().destination());
        assertTrue(Math.abs(put.lastModified().toEpochMilli() - System.currentTimeMillis()) < 60_000, put.lastModified().toString());

        // Update changes only what it names.
        var updated = lambda.updateFunctionEventInvokeConfig(r -> r.functionName("sdk-config").maximumEventAgeInSeconds(300));
        assertEquals(1, updated.maximumRetryAttempts());
        assertEquals(300, updated.maximumEventAgeInSeconds());
        assertEquals(ARN + "sdk-config-sink", updated.destinationConfig().onFailure().destination());
        // Put replaces: what it leaves out is removed.
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-config").maximumRetryAttempts(0));
        var got = lambda.getFunctionEventInvokeConfig(r -> r.functionName("sdk-config"));
        assertEquals(0, got.maximumRetryAttempts());
        assertNull(got.maximumEventAgeInSeconds());
        assertNull(got.destinationConfig().onFailure().destination());

        lambda.publishVersion(r -> r.functionName("sdk-config"));
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-config").qualifier("1").maximumRetryAttempts(2));
        List<FunctionEventInvokeConfig> listed = lambda.listFunctionEventInvokeConfigsPaginator(r -> r.functionName("sdk-config")
                .maxItems(1)).functionEventInvokeConfigs().stream().toList();
        assertEquals(List.of(ARN + "sdk-config:$LATEST", ARN + "sdk-config:1"), listed.stream().map(c -> c.functionArn()).toList());

        lambda.deleteFunctionEventInvokeConfig(r -> r.functionName("sdk-config").qualifier("1"));
        ResourceNotFoundException gone = assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunctionEventInvokeConfig(r -> r.functionName("sdk-config").qualifier("1")));
        assertEquals("The function " + ARN + "sdk-config:1 doesn't have an EventInvokeConfig", gone.awsErrorDetails().errorMessage());
        assertEquals(404, gone.statusCode());
    }

    @Test
    void refusesConfigsOutsideTheModelsConstraints() {
        create("sdk-bad-config", AsyncFixtures.SUCCEEDS);
        // MaximumRetryAttempts: min 0, max 2; MaximumEventAgeInSeconds: min 60, max 21600 (the model's shapes).
        LambdaException retries = assertThrows(LambdaException.class, () -> lambda.putFunctionEventInvokeConfig(
                r -> r.functionName("sdk-bad-config").maximumRetryAttempts(3)));
        assertEquals("ValidationException", retries.awsErrorDetails().errorCode());
        assertEquals("1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: "
                + "Member must have value less than or equal to 2", retries.awsErrorDetails().errorMessage());
        LambdaException age = assertThrows(LambdaException.class, () -> lambda.putFunctionEventInvokeConfig(
                r -> r.functionName("sdk-bad-config").maximumEventAgeInSeconds(59)));
        assertTrue(age.awsErrorDetails().errorMessage().contains("Member must have value greater than or equal to 60"),
                age.awsErrorDetails().errorMessage());
        InvalidParameterValueException nothing = assertThrows(InvalidParameterValueException.class,
                () -> lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-bad-config")));
        assertEquals("You must specify at least one of error handling or destination setting.", nothing.awsErrorDetails().errorMessage());
        InvalidParameterValueException missingDestination = assertThrows(InvalidParameterValueException.class,
                () -> lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-bad-config")
                        .destinationConfig(d -> d.onSuccess(s -> s.destination(ARN + "no-such-function")))));
        assertEquals("The destination ARN " + ARN + "no-such-function is invalid.", missingDestination.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class, () -> lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-bad-config")
                .qualifier("7").maximumRetryAttempts(1)));
        assertThrows(ResourceNotFoundException.class, () -> lambda.updateFunctionEventInvokeConfig(r -> r.functionName("sdk-bad-config")
                .maximumRetryAttempts(1)));
        // Lambda accepts an SQS destination; the local cloud keeps it, and says so when a record would go there.
        var sqs = lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-bad-config")
                .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:sqs:us-east-1:000000000000:dlq"))));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:dlq", sqs.destinationConfig().onFailure().destination());
        // "S3 buckets are supported only for on-failure destinations" (PutFunctionEventInvokeConfig, API reference).
        InvalidParameterValueException s3OnSuccess = assertThrows(InvalidParameterValueException.class,
                () -> lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-bad-config")
                        .destinationConfig(d -> d.onSuccess(o -> o.destination("arn:aws:s3:::records")))));
        assertTrue(s3OnSuccess.awsErrorDetails().errorMessage().startsWith("S3 buckets are supported only for on-failure destinations."),
                s3OnSuccess.awsErrorDetails().errorMessage());
    }

    @Test
    void aFailingEventIsRetriedTwiceThenItsRecordGoesToTheFailureDestination() throws Exception {
        createWithSink("sdk-flaky", AsyncFixtures.FAILS);
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-flaky")
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "sdk-flaky-sink"))));
        assertEquals(202, invokeEvent("sdk-flaky", "{\"n\": 7}"));

        JsonNode record = fixtures.record("sdk-flaky-sink");
        String requestId = record.at("/requestContext/requestId").asText();
        fixtures.assertFailureRecord(record, ARN + "sdk-flaky:$LATEST", "RetriesExhausted", 3, Map.of("n", 7));
        // Each attempt shows in the function's log, with the event's one request id (MaximumRetryAttempts defaults to 2).
        assertEquals(3, fixtures.starts("sdk-flaky", requestId));
    }

    @Test
    void anEventOlderThanItsMaximumAgeIsDroppedAndReported() throws Exception {
        createWithSink("sdk-old", AsyncFixtures.FAILS);
        // 60 s at 1/100 is 0.6 s: the retry, a minute (0.6 s) after the first attempt ended, finds the event too old.
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-old").maximumEventAgeInSeconds(60).maximumRetryAttempts(2)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "sdk-old-sink"))));
        invokeEvent("sdk-old", "{\"n\": 1}");

        JsonNode record = fixtures.record("sdk-old-sink");
        fixtures.assertFailureRecord(record, ARN + "sdk-old:$LATEST", "EventAgeExceeded", 1, Map.of("n", 1));
        assertEquals(1, fixtures.starts("sdk-old", record.at("/requestContext/requestId").asText()));
    }

    @Test
    void aSucceedingEventsRecordGoesToTheSuccessDestination() throws Exception {
        createWithSink("sdk-ok", AsyncFixtures.SUCCEEDS);
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-ok")
                .destinationConfig(d -> d.onSuccess(s -> s.destination(ARN + "sdk-ok-sink"))));
        String requestId = lambda.invoke(r -> r.functionName("sdk-ok").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"n\": 3}"))).responseMetadata().requestId();

        JsonNode record = fixtures.record("sdk-ok-sink");
        // The Event invoke answers with the invocation's request id, as Lambda does.
        assertEquals(requestId, record.at("/requestContext/requestId").asText());
        assertEquals("Success", record.at("/requestContext/condition").asText());
        assertEquals(1, record.at("/requestContext/approximateInvokeCount").asInt());
        assertEquals(ARN + "sdk-ok:$LATEST", record.at("/requestContext/functionArn").asText());
        assertEquals(3, record.at("/responsePayload/done").asInt());
        assertEquals(200, record.at("/responseContext/statusCode").asInt());
        assertFalse(record.path("responseContext").has("functionError"), record.toString());
    }

    @Test
    void aRecordForADestinationTheLocalCloudDoesNotServeIsReportedNotDelivered() throws Exception {
        create("sdk-to-sqs", AsyncFixtures.FAILS);
        String queue = "arn:aws:sqs:us-east-1:000000000000:sdk-dlq";
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-to-sqs").maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(queue))));
        invokeEvent("sdk-to-sqs", "{}");
        Instant deadline = Instant.now().plusSeconds(30);
        while (AsyncFixtures.NOTICES.stream().noneMatch(line -> line.contains(queue)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        String notice = AsyncFixtures.NOTICES.stream().filter(line -> line.contains(queue)).findFirst().orElseThrow();
        assertTrue(notice.matches("the RetriesExhausted record of [0-9a-f-]{36} \\(sdk-to-sqs\\) is not delivered: lamb's local "
                + "cloud delivers records to functions and S3 buckets, not to an SQS queue \\(" + queue + "\\)"), notice);
    }

    @Test
    void aTimedOutEventIsRetriedToo() throws Exception {
        lambda.createFunction(r -> r.functionName("sdk-sleepy").runtime(Runtime.PYTHON3_12).handler("handler.handler").role(ROLE)
                .timeout(1).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(
                        "import time\ndef handler(event, context):\n    time.sleep(5)\n")))));
        create("sdk-sleepy-sink", AsyncFixtures.SINK);
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("sdk-sleepy").maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "sdk-sleepy-sink"))));
        invokeEvent("sdk-sleepy", "{}");

        JsonNode record = fixtures.record("sdk-sleepy-sink");
        assertEquals("RetriesExhausted", record.at("/requestContext/condition").asText());
        assertEquals(2, record.at("/requestContext/approximateInvokeCount").asInt());
        assertEquals("Sandbox.Timedout", record.at("/responsePayload/errorType").asText(), record.toString());
        assertEquals(2, fixtures.starts("sdk-sleepy", record.at("/requestContext/requestId").asText()));
    }
}
