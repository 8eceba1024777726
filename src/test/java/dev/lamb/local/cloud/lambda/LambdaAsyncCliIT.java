package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;

/**
 * Event-invoke configs and asynchronous invocation through the real AWS CLI v2, with the queue's clock at
 * 1/100. Expected values: botocore's lambda 2015-03-31 model and the Lambda developer guide's invocation record.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaAsyncCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of(AsyncFixtures::services);
    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        RequiredTools.require(AwsCli.PATH);
        RequiredTools.require("python3");
        Files.write(work.resolve("fails.zip"), LambdaFixtures.pythonZip(AsyncFixtures.FAILS));
        Files.write(work.resolve("sink.zip"), LambdaFixtures.pythonZip(AsyncFixtures.SINK));
    }

    private static Processes.Result aws(String... args) {
        return AwsCli.run(work, cloud.endpoint(), args);
    }

    private static JsonNode ok(String... args) {
        return AwsCli.json(work, cloud.endpoint(), args);
    }

    private static void create(String name, String zip) {
        ok("lambda", "create-function", "--function-name", name, "--runtime", "python3.12", "--handler", "handler.handler",
                "--role", ROLE, "--zip-file", "fileb://" + zip);
    }

    @Test
    void managesEventInvokeConfigs() throws Exception {
        create("cli-config", "fails.zip");
        create("cli-config-sink", "sink.zip");
        JsonNode put = ok("lambda", "put-function-event-invoke-config", "--function-name", "cli-config",
                "--maximum-retry-attempts", "1", "--destination-config",
                "{\"OnFailure\":{\"Destination\":\"" + ARN + "cli-config-sink\"}}");
        assertEquals(ARN + "cli-config:$LATEST", put.get("FunctionArn").asText());
        assertEquals(1, put.get("MaximumRetryAttempts").asInt());
        // The CLI prints the timestamp Lambda sends (epoch seconds) in ISO 8601.
        assertTrue(put.get("LastModified").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*"), put.toString());
        assertEquals(JSON.readTree("{\"OnSuccess\":{},\"OnFailure\":{\"Destination\":\"" + ARN + "cli-config-sink\"}}"),
                put.get("DestinationConfig"));

        JsonNode updated = ok("lambda", "update-function-event-invoke-config", "--function-name", "cli-config",
                "--maximum-event-age-in-seconds", "3600");
        assertEquals(1, updated.get("MaximumRetryAttempts").asInt());
        assertEquals(3600, updated.get("MaximumEventAgeInSeconds").asInt());
        assertEquals(updated, ok("lambda", "get-function-event-invoke-config", "--function-name", "cli-config"));
        JsonNode listed = ok("lambda", "list-function-event-invoke-configs", "--function-name", "cli-config");
        assertEquals(List.of(updated), listOf(listed.get("FunctionEventInvokeConfigs")));

        Processes.Result tooMany = aws("lambda", "put-function-event-invoke-config", "--function-name", "cli-config",
                "--maximum-retry-attempts", "5");
        assertEquals(254, tooMany.exitCode(), tooMany.output());
        assertTrue(tooMany.output().contains("(ValidationException)") && tooMany.output().contains(
                "Value '5' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2"),
                tooMany.output());

        ok("lambda", "delete-function-event-invoke-config", "--function-name", "cli-config");
        Processes.Result gone = aws("lambda", "get-function-event-invoke-config", "--function-name", "cli-config");
        assertEquals(254, gone.exitCode(), gone.output());
        assertTrue(gone.output().contains("(ResourceNotFoundException)")
                && gone.output().contains("The function " + ARN + "cli-config:$LATEST doesn't have an EventInvokeConfig"), gone.output());
    }

    private static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    @Test
    void aFailingEventRunsOncePerAttemptThenGoesToItsFailureDestination() throws Exception {
        create("cli-flaky", "fails.zip");
        create("cli-flaky-sink", "sink.zip");
        ok("lambda", "put-function-event-invoke-config", "--function-name", "cli-flaky", "--maximum-retry-attempts", "1",
                "--destination-config", "{\"OnFailure\":{\"Destination\":\"" + ARN + "cli-flaky-sink\"}}");
        JsonNode invoked = ok("lambda", "invoke", "--function-name", "cli-flaky", "--invocation-type", "Event",
                "--cli-binary-format", "raw-in-base64-out", "--payload", "{\"n\": 2}", "out.json");
        assertEquals(202, invoked.get("StatusCode").asInt());

        AsyncFixtures fixtures = new AsyncFixtures(LambdaAsyncCliIT::messages);
        JsonNode record = fixtures.record("cli-flaky-sink");
        fixtures.assertFailureRecord(record, ARN + "cli-flaky:$LATEST", "RetriesExhausted", 2, Map.of("n", 2));
        assertEquals(2, fixtures.starts("cli-flaky", record.at("/requestContext/requestId").asText()));
    }

    /** The log group's messages, as `aws logs filter-log-events` gives them. */
    private static List<String> messages(String group) {
        try {
            JsonNode events = ok("logs", "filter-log-events", "--log-group-name", group).path("events");
            List<String> out = new ArrayList<>();
            events.forEach(e -> out.add(e.path("message").asText()));
            return out;
        } catch (Exception | AssertionError e) {
            return List.of();
        }
    }
}
