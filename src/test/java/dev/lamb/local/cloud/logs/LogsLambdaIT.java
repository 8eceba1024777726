package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;

/** A Python function's invocation log lands in /aws/lambda/<fn>, found with the AWS CLI. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsLambdaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = """
            def greet(event, context):
                print("greeting " + event.get("name", "nobody"))
                return {"greeting": "Hello"}
            """;

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> {
        LambdaService lambda = new LambdaService(data, engine.get(), arn -> true, Duration.ofMillis(200));
        LogsService logs = new LogsService(data);
        lambda.onInvocation(logs::record);
        return List.of(lambda, logs);
    });
    @TempDir
    static Path work;
    static Path aws;

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTools.require("/usr/bin/aws");
        RequiredTools.require("python3");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("handler.py"));
            zip.write(HANDLER.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Files.write(work.resolve("fn.zip"), bytes.toByteArray());
    }

    private static JsonNode ok(String... args) throws Exception {
        Processes.Result result = AwsCli.run(work, cloud.endpoint(), args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
    }

    @Test
    void invocationLogsLandInTheFunctionsGroup() throws Exception {
        ok("lambda", "create-function", "--function-name", "logged", "--runtime", "python3.12", "--handler",
                "handler.greet", "--role", "arn:aws:iam::000000000000:role/r", "--zip-file", "fileb://fn.zip");
        ok("lambda", "wait", "function-active-v2", "--function-name", "logged");
        ok("lambda", "invoke", "--function-name", "logged", "--cli-binary-format", "raw-in-base64-out",
                "--payload", "{\"name\":\"Ada\"}", "out.json");
        ok("lambda", "invoke", "--function-name", "logged", "--cli-binary-format", "raw-in-base64-out",
                "--payload", "{\"name\":\"Bob\"}", "out.json");

        JsonNode found = null;
        for (int i = 0; i < 50; i++) { // the invocation is filed as it finishes; allow for the callback
            found = ok("logs", "filter-log-events", "--log-group-name", "/aws/lambda/logged", "--filter-pattern", "?START ?REPORT");
            if (found.get("events").size() >= 4) {
                break;
            }
            Thread.sleep(100);
        }
        JsonNode events = found.get("events");
        assertEquals(4, events.size(), found.toString());
        assertTrue(events.get(0).get("message").asText().startsWith("START RequestId: "), found.toString());
        assertTrue(events.get(1).get("message").asText().startsWith("REPORT RequestId: "), found.toString());
        assertTrue(events.get(0).get("message").asText().endsWith("\n"), found.toString());
        String stream = events.get(0).get("logStreamName").asText();
        assertTrue(stream.matches("\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST\\][0-9a-f]+"), stream);

        JsonNode greeting = ok("logs", "filter-log-events", "--log-group-name", "/aws/lambda/logged",
                "--filter-pattern", "\"greeting Ada\"");
        assertEquals(1, greeting.get("events").size(), greeting.toString());

        JsonNode all = ok("logs", "get-log-events", "--log-group-name", "/aws/lambda/logged", "--log-stream-name", stream,
                "--start-from-head");
        List<Long> times = new ArrayList<>();
        all.get("events").forEach(e -> times.add(e.get("timestamp").asLong()));
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) > times.get(i - 1), "increasing timestamps: " + times);
        }
        JsonNode groups = ok("logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/");
        assertEquals("/aws/lambda/logged", groups.at("/logGroups/0/logGroupName").asText());
    }
}
