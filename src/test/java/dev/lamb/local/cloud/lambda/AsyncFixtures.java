package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.iam.IamService;
import dev.lamb.local.cloud.logs.LogsService;
import dev.lamb.local.runtime.LocalEngine;

/**
 * Functions for tests of asynchronous invocation, and reading back what they logged: a destination function
 * ({@link #SINK}) prints each record it receives on one line, so a test reads the record from its log group
 * through the client under test.
 */
final class AsyncFixtures {
    static final String FAILS = "def handler(event, context):\n    print('attempt', event.get('n'))\n"
            + "    raise Exception('boom')\n";
    static final String SUCCEEDS = "def handler(event, context):\n    return {'done': event.get('n')}\n";
    static final String SINK = "import json\ndef handler(event, context):\n    print('RECORD ' + json.dumps(event))\n";
    /** The lines the clouds of {@link #services} printed for the person running them. */
    static final Queue<String> NOTICES = new ConcurrentLinkedQueue<>();
    private static final String RECORD = "RECORD ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * IAM, Lambda with its asynchronous queue's clock at 1/100 (Lambda's 1- and 2-minute retry delays become 0.6 and
     * 1.2 s, a 60 s event age 0.6 s), and CloudWatch Logs, which files the functions' logs.
     */
    static List<AwsService> services(Path data, Supplier<LocalEngine> engine) {
        LambdaService lambda = new LambdaService(data, engine.get(), arn -> true, Duration.ZERO);
        lambda.asyncInvocation(0.01, NOTICES::add);
        LogsService logs = new LogsService(data);
        lambda.onInvocation(logs::record);
        return List.of(new IamService(data), lambda, logs);
    }

    /** The messages of a log group, read by the client under test. */
    private final Function<String, List<String>> messages;

    AsyncFixtures(Function<String, List<String>> messages) {
        this.messages = messages;
    }

    /** The first record the sink function logged, waiting up to 30 s for it. */
    JsonNode record(String sink) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> line = logged("/aws/lambda/" + sink).stream().filter(m -> m.contains(RECORD)).findFirst();
            if (line.isPresent()) {
                return JSON.readTree(line.get().substring(line.get().indexOf(RECORD) + RECORD.length()));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no record reached " + sink + " in 30 s");
    }

    private List<String> logged(String group) {
        try {
            return messages.apply(group);
        } catch (RuntimeException e) {
            // the group appears with the function's first log line
            return List.of();
        }
    }

    /** How many attempts the function's log shows for the request id: its START lines. */
    int starts(String function, String requestId) {
        return (int) logged("/aws/lambda/" + function).stream().filter(m -> m.startsWith("START RequestId: " + requestId)).count();
    }

    /** Lambda's invocation record for a failed event (the developer guide's invocation-async-retain-records). */
    void assertFailureRecord(JsonNode record, String functionArn, String condition, int attempts, Map<String, Object> request) {
        assertEquals("1.0", record.path("version").asText(), record.toString());
        // The guide's example: "timestamp": "2019-11-14T18:16:05.568Z", to the millisecond.
        assertTrue(record.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), record.toString());
        assertEquals(functionArn, record.at("/requestContext/functionArn").asText());
        assertEquals(condition, record.at("/requestContext/condition").asText());
        assertEquals(attempts, record.at("/requestContext/approximateInvokeCount").asInt());
        assertTrue(record.at("/requestContext/requestId").asText().matches("[0-9a-f-]{36}"), record.toString());
        assertEquals(JSON.valueToTree(request), record.path("requestPayload"));
        assertEquals(200, record.at("/responseContext/statusCode").asInt());
        assertEquals("$LATEST", record.at("/responseContext/executedVersion").asText());
        assertEquals("Unhandled", record.at("/responseContext/functionError").asText());
        assertEquals("boom", record.at("/responsePayload/errorMessage").asText());
        assertEquals("Exception", record.at("/responsePayload/errorType").asText());
    }
}
