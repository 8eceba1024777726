package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * [function.async], `lamb invoke --async` and `lamb logs --request-id` on the local cloud, as a user types them (issue
 * 15, section 2): a function that fails twice, then succeeds, with max_retries = 2, ends successful after three attempts;
 * with max_retries = 0, its failure reaches the destination function as AWS's invocation record. The functions count
 * their attempts in a file named by an environment variable, since each retry may run in another environment. The
 * cloud's asynchronous clock runs at 1/100 of Lambda's, so the retry delays (1 and 2 minutes) take 0.6 and 1.2 s.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncInvocationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE_POLICY = "lamb-async-destinations";
    /** Fails while its attempts at this request are at most the event's fail_times; prints the attempt. */
    private static final String FLAKY = """
            import json, os
            def handler(event, context):
                path = os.environ["ATTEMPTS_FILE"]
                with open(path, "a") as f:
                    f.write(context.aws_request_id + "\\n")
                with open(path) as f:
                    attempt = sum(1 for line in f if line.strip() == context.aws_request_id)
                print(json.dumps({"attempt": attempt}))
                if attempt <= event.get("fail_times", 0):
                    raise Exception("flaky dependency failed on attempt %d" % attempt)
                return {"attempts": attempt}
            """;
    /** A destination: logs each record it receives on one line. */
    private static final String SINK = "import json\ndef handler(event, context):\n    print('RECORD ' + json.dumps(event))\n";
    private static final String RECORD = "RECORD ";

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass().asyncDelayScale(0.01);

    @TempDir
    static Path work;

    static String sinkArn;
    /** Where the functions count attempts: writable by the unprivileged uid the engine runs functions as when lamb is root. */
    static Path counts;

    @BeforeAll
    static void sink() throws IOException {
        counts = Files.createTempDirectory("lamb-async-attempts");
        Files.setPosixFilePermissions(counts, PosixFilePermissions.fromString("rwxrwxrwx"));
        cloud.deployed(work, "async-sink", SINK);
        sinkArn = cloud.aws().lambda().getFunction(r -> r.functionName("async-sink")).configuration().functionArn();
    }

    @AfterAll
    static void removeCounts() throws IOException {
        try (Stream<Path> files = Files.list(counts)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(counts);
    }

    @Test
    void failingTwiceThenSucceedingWithTwoRetriesEndsSuccessfulAfterThreeAttempts() throws Exception {
        Path dir = flaky("async-flaky", "max_retries = 2\nmax_event_age = 3600\non_success = \"" + sinkArn + "\"\n");

        Lamb.Run plan = cloud.lamb("deploy", "--dry-run", "--dir", dir.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("would create event invoke config of async-flaky:dev (max_retries none -> 2, "
                + "max_event_age none -> 3600, on_success none -> " + sinkArn + ")"), plan.out());
        assertTrue(plan.out().contains("(lamb-async-destinations: allow lambda:InvokeFunction on " + sinkArn + ")"), plan.out());
        cloud.deploy(dir);

        // Read back by the AWS CLI v2 and boto3: GetFunctionEventInvokeConfig's members in the API reference.
        JsonNode config = AwsCli.json(work, cloud.endpoint(), "lambda", "get-function-event-invoke-config",
                "--function-name", "async-flaky", "--qualifier", "dev");
        assertEquals(2, config.path("MaximumRetryAttempts").asInt(), config.toString());
        assertEquals(3600, config.path("MaximumEventAgeInSeconds").asInt(), config.toString());
        assertEquals(sinkArn, config.at("/DestinationConfig/OnSuccess/Destination").asText(), config.toString());
        assertTrue(config.path("FunctionArn").asText().endsWith(":function:async-flaky:dev"), config.toString());
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        ClientScripts.assertOk("deployed_async", work, Map.of("PYTHONDONTWRITEBYTECODE", "1"), List.of(python.toString(),
                Path.of("src/test/resources/boto3/deployed_async.py").toAbsolutePath().toString(), cloud.endpoint(),
                "async-flaky", "dev", "2", "3600", sinkArn));
        // The role may send to exactly that destination.
        JsonNode policy = rolePolicy("async-flaky");
        assertEquals("lambda:InvokeFunction", policy.at("/Statement/0/Action").asText(), policy.toString());
        assertEquals(List.of(sinkArn), texts(policy.at("/Statement/0/Resource")), policy.toString());

        JsonNode again = JSON.readTree(ok(cloud.lamb("deploy", "--dir", dir.toString(), "--output", "json")).out());
        assertEquals(0, again.path("write_calls").asInt(), "a no-op deploy writes nothing: " + again);

        JsonNode status = JSON.readTree(ok(cloud.lamb("status", "--stage", "dev", "--dir", dir.toString(), "--output", "json")).out());
        assertEquals(2, status.at("/async/max_retries").asInt(), status.toString());
        assertEquals(sinkArn, status.at("/async/on_success").asText(), status.toString());
        assertTrue(status.path("async_differences").isEmpty(), status.toString());
        assertTrue(ok(cloud.lamb("status", "--stage", "dev", "--dir", dir.toString())).out()
                .contains("async:           2 retries, events kept 3600 s, on failure none, on success " + sinkArn));

        String requestId = queue(dir, "{\"fail_times\": 2}");
        JsonNode record = record(requestId);
        assertEquals("Success", record.at("/requestContext/condition").asText(), record.toString());
        assertEquals(3, record.at("/requestContext/approximateInvokeCount").asInt(), record.toString());
        assertEquals(3, record.at("/responsePayload/attempts").asInt(), record.toString());
        assertEquals(List.of(requestId, requestId, requestId), Files.readAllLines(counts.resolve(dir.getFileName().toString())));

        String logs = ok(cloud.lamb("logs", "--request-id", requestId, "--dir", dir.toString())).out();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertTrue(logs.contains("START RequestId: " + requestId + " Version: 1 (attempt " + attempt + ")"), logs);
            assertTrue(logs.contains("{\"attempt\":" + attempt + "}"), logs);
        }
        assertEquals(3, logs.lines().filter(l -> l.contains(" REPORT ")).count(), logs);
        assertEquals(2, logs.lines().filter(l -> l.contains("Exception: flaky dependency failed")).count(), logs);

        // The table taken out of lamb.toml: the config lamb set goes, and so does the role's permission.
        Files.writeString(dir.resolve("lamb.toml"), Files.readString(dir.resolve("lamb.toml")).replaceFirst("(?s)\\[function\\.async].*", ""));
        String removed = ok(cloud.lamb("deploy", "--dir", dir.toString())).err();
        assertTrue(removed.contains("async: deleted event invoke config of async-flaky:dev"), removed);
        Processes.Result gone = AwsCli.run(work, cloud.endpoint(), "lambda", "get-function-event-invoke-config",
                "--function-name", "async-flaky", "--qualifier", "dev");
        assertTrue(gone.output().contains("ResourceNotFoundException"), gone.output());
        assertThrows(NoSuchEntityException.class, () -> rolePolicy("async-flaky"));

        // lamb deletes only what it made: a config put by hand (the AWS CLI v2) on the alias, now that lamb.toml has no
        // [function.async] and the function no lamb:async:dev tag, is the user's, and the next deploys leave it.
        AwsCli.json(work, cloud.endpoint(), "lambda", "put-function-event-invoke-config", "--function-name", "async-flaky",
                "--qualifier", "dev", "--maximum-retry-attempts", "1");
        Lamb.Run kept = ok(cloud.lamb("deploy", "--dir", dir.toString()));
        assertFalse(kept.err().contains("event invoke config"), kept.err());
        JsonNode handMade = AwsCli.json(work, cloud.endpoint(), "lambda", "get-function-event-invoke-config",
                "--function-name", "async-flaky", "--qualifier", "dev");
        assertEquals(1, handMade.path("MaximumRetryAttempts").asInt(), handMade.toString());
    }

    @Test
    void withNoRetriesTheFailureReachesTheDestinationAsAwssInvocationRecord() throws Exception {
        Path dir = flaky("async-fails", "max_retries = 0\non_failure = \"" + sinkArn + "\"\n");
        cloud.deploy(dir);
        String functionArn = cloud.aws().lambda().getFunction(r -> r.functionName("async-fails")).configuration().functionArn();

        String requestId = queue(dir, "{\"fail_times\": 5, \"order\": 7}");
        JsonNode record = record(requestId);

        // The record's shape: the Lambda developer guide, "Capturing records of asynchronous invocations" (invocation record).
        assertEquals("1.0", record.path("version").asText(), record.toString());
        assertNotNull(Instant.parse(record.path("timestamp").asText()));
        assertEquals(requestId, record.at("/requestContext/requestId").asText());
        assertEquals(functionArn + ":dev", record.at("/requestContext/functionArn").asText(), record.toString());
        assertEquals("RetriesExhausted", record.at("/requestContext/condition").asText(), record.toString());
        assertEquals(1, record.at("/requestContext/approximateInvokeCount").asInt(), record.toString());
        assertEquals(JSON.readTree("{\"fail_times\": 5, \"order\": 7}"), record.path("requestPayload"));
        assertEquals(200, record.at("/responseContext/statusCode").asInt(), record.toString());
        assertEquals("1", record.at("/responseContext/executedVersion").asText(), record.toString());
        assertEquals("Unhandled", record.at("/responseContext/functionError").asText(), record.toString());
        assertEquals("flaky dependency failed on attempt 1", record.at("/responsePayload/errorMessage").asText(), record.toString());
        assertEquals("Exception", record.at("/responsePayload/errorType").asText(), record.toString());
        assertEquals(List.of(requestId), Files.readAllLines(counts.resolve(dir.getFileName().toString())));

        // An S3 bucket as on_failure (the developer guide: "Amazon S3 bucket (on failure only)"): the role may
        // s3:PutObject on its objects and s3:ListBucket on it, and the record is a JSON object keyed
        // aws/lambda/async/<function-name>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>, as that guide names it.
        AwsCli.run(work, cloud.endpoint(), "s3api", "create-bucket", "--bucket", "async-failures");
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace(sinkArn, "arn:aws:s3:::async-failures"));
        ok(cloud.lamb("deploy", "--dir", dir.toString()));
        JsonNode policy = rolePolicy("async-fails");
        assertEquals("s3:ListBucket", policy.at("/Statement/0/Action").asText(), policy.toString());
        assertEquals(List.of("arn:aws:s3:::async-failures"), texts(policy.at("/Statement/0/Resource")), policy.toString());
        assertEquals("s3:PutObject", policy.at("/Statement/1/Action").asText(), policy.toString());
        assertEquals(List.of("arn:aws:s3:::async-failures/*"), texts(policy.at("/Statement/1/Resource")), policy.toString());
        String stored = queue(dir, "{\"fail_times\": 5}");
        String key = storedRecord("async-failures", "aws/lambda/async/async-fails/");
        assertTrue(key.matches("aws/lambda/async/async-fails/(\\d{4})/(\\d{2})/(\\d{2})/\\1-\\2-\\3T\\d{2}\\.\\d{2}\\.\\d{2}-"
                + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), key);
        JsonNode object = JSON.readTree(AwsCli.run(work, cloud.endpoint(), "s3", "cp", "s3://async-failures/" + key, "-").output());
        assertEquals(stored, object.at("/requestContext/requestId").asText(), object.toString());
        assertEquals("RetriesExhausted", object.at("/requestContext/condition").asText(), object.toString());
        assertEquals(JSON.readTree("{\"fail_times\": 5}"), object.path("requestPayload"));

        // IAM deletes no role with an inline policy: destroy deletes lamb's destination policy first.
        ok(cloud.lamb("destroy", "--yes", "--dir", dir.toString()));
        assertThrows(NoSuchEntityException.class, () -> cloud.aws().iam().getRole(r -> r.roleName("lamb-async-fails-us-east-1")));
    }

    @Test
    void asyncQueuesInLambdaSoItRefusesTheSources() throws IOException {
        Path dir = flaky("async-sources", "max_retries = 0\n");
        Lamb.Run run = cloud.lamb("invoke", "--async", "--local", "--sources", "--dir", dir.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--async queues an invocation in Lambda"), run.err());
    }

    @Test
    void aMissingDestinationFunctionIsNamedAndExits4BeforeAnythingIsMade() throws IOException {
        String missing = sinkArn.replace("async-sink", "no-such-sink");
        Path dir = flaky("async-orphan", "on_failure = \"" + missing + "\"\n");
        Lamb.Run run = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(4, run.exitCode(), run.err());
        assertTrue(run.err().contains("the function " + missing + " that [function.async] on_failure names does not exist"), run.err());
        assertTrue(run.err().contains("nothing was changed"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunction(r -> r.functionName("async-orphan")));
    }

    /** A project whose function is {@link #FLAKY}, counting attempts in the file {@code counts/NAME}, with this [function.async]. */
    private static Path flaky(String name, String async) throws IOException {
        Path dir = DeployedCloud.init(work, name);
        Files.writeString(dir.resolve("handler.py"), FLAKY);
        Path toml = dir.resolve("lamb.toml");
        String text = Files.readString(toml).replace("LOG_LEVEL = \"INFO\"",
                "LOG_LEVEL = \"INFO\"\nATTEMPTS_FILE = \"" + counts.resolve(name) + "\"");
        Files.writeString(toml, text + "\n[function.async]\n" + async);
        return dir;
    }

    /** `lamb invoke --async` as a user types it: exit 0, and the request id alone on stdout. */
    private static String queue(Path dir, String payload) {
        Lamb.Run run = ok(cloud.lamb("invoke", "--async", "--payload", payload, "--dir", dir.toString()));
        String id = run.out().strip();
        assertTrue(id.matches("[0-9a-f-]{36}"), run.out());
        assertTrue(run.err().contains("lamb logs --request-id " + id), run.err());
        return id;
    }

    /** The record for {@code requestId} the sink logged, waiting up to 30 s for it. */
    private static JsonNode record(String requestId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> found = sinkRecords().stream()
                    .filter(r -> r.at("/requestContext/requestId").asText().equals(requestId)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no record of " + requestId + " reached async-sink in 30 s");
    }

    /** The key of the first object under {@code prefix} in the bucket, waiting up to 30 s for one. */
    private static String storedRecord(String bucket, String prefix) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            var objects = cloud.aws().s3().listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents();
            if (!objects.isEmpty()) {
                return objects.get(0).key();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no record reached s3://" + bucket + "/" + prefix + " in 30 s");
    }

    private static List<JsonNode> sinkRecords() {
        try {
            return cloud.aws().logs().filterLogEventsPaginator(r -> r.logGroupName("/aws/lambda/async-sink")).events().stream()
                    .map(e -> e.message()).filter(m -> m.contains(RECORD)).map(m -> {
                        try {
                            return JSON.readTree(m.substring(m.indexOf(RECORD) + RECORD.length()));
                        } catch (IOException e) {
                            throw new AssertionError(m, e);
                        }
                    }).toList();
        } catch (CloudWatchLogsException e) {
            // the group appears with the sink's first log line
            return List.of();
        }
    }

    private static JsonNode rolePolicy(String function) throws IOException {
        String document = cloud.aws().iam().getRolePolicy(r -> r.roleName("lamb-" + function + "-us-east-1").policyName(ROLE_POLICY))
                .policyDocument();
        return JSON.readTree(document.startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        return array.isArray() ? StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList()
                : List.of(array.asText());
    }

    private static Lamb.Run ok(Lamb.Run run) {
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return run;
    }
}
