package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.ReportLine;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.RequiredTools;
import dev.lamb.ui.Terminals;

/** `lamb invoke --local` on the Python project `lamb init` makes, as a user runs it. */
class InvokeCommandIT {
    @TempDir
    Path tmp;

    private Path project;

    @BeforeEach
    void init() {
        RequiredTools.require("python3");
        project = tmp.resolve("greeter");
        assertEquals(0, Lamb.run("init", "greeter", "--runtime", "python", "--dir", project.toString()).exitCode());
    }

    @Test
    void answersOnStdoutWithLogsAndStatusOnStderr() {
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString(), "--query", "name=Ada");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("\"Hello, Ada!\"\n", run.out());
        assertTrue(run.err().contains("HTTP 200"), run.err());
        assertTrue(run.err().contains("START RequestId: ") && run.err().contains("END RequestId: "), run.err());
        assertTrue(run.err().contains("\"message\": \"greeted\""), "the handler's log line: " + run.err());
        assertTrue(run.err().contains("REPORT RequestId: ") && run.err().contains("\tInit Duration: "),
                "off a terminal the REPORT line is Lambda's own: " + run.err());
    }

    @Test
    void aBadRequestIsStillAnAnswer() {
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("HTTP 400"), run.err());
        assertTrue(run.out().contains("required"), run.out());
    }

    @Test
    void jsonIsOneRecordWithTheParsedReport() throws IOException {
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString(), "--query", "name=Bo", "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(200, json.get("status").asInt());
        assertEquals("\"Hello, Bo!\"", json.get("body").asText());
        assertTrue(json.get("function_error").isNull());
        String reportLine = json.get("logs").get(json.get("logs").size() - 1).asText();
        ReportLine report = ReportLine.parse(reportLine).orElseThrow();
        assertEquals(report.durationMs(), json.get("report").get("duration_ms").asDouble(), 0.005, "the text keeps two decimals");
        assertEquals(128, json.get("report").get("memory_size_mb").asInt());
    }

    @Test
    void anEventFileIsSentAsItIs() {
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString(),
                "--event", project.resolve("events/hello.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        // Issue 11 §10: an API Gateway request from a file answers as one built from --query does: the body.
        assertEquals("\"Hello, World!\"\n", run.out());
        assertTrue(run.err().contains("HTTP 200"), run.err());

        Lamb.Run raw = Lamb.run("invoke", "--local", "--dir", project.toString(), "--payload", "{}");
        assertEquals(0, raw.exitCode(), raw.err());
        assertTrue(raw.out().contains("\"statusCode\": 400"), "a payload that is no request gets the raw answer: " + raw.out());
    }

    @Test
    void aHandlerErrorExits1WithTheErrorLast() throws IOException {
        Files.writeString(project.resolve("handler.py"), "def handler(event, context):\n    raise ValueError('no greeting today')\n");
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString(), "--query", "name=Ada");
        assertEquals(1, run.exitCode());
        String[] lines = run.err().strip().split("\n");
        assertEquals("lamb: Unhandled ValueError: no greeting today", lines[lines.length - 1]);
        assertTrue(run.err().contains("Traceback"), run.err());
        assertEquals("", run.out());
        // Issue 11 §10: the traceback names the project's handler.py, not its copy under .lamb/task/.
        assertTrue(run.err().contains(project.toAbsolutePath().normalize().resolve("handler.py") + "\""), run.err());
        assertFalse(run.err().contains(".lamb/task/"), run.err());
    }

    @Test
    void jsonLogFormatWritesPlatformRecords() throws IOException {
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("tracing = true", "tracing = true\nlog_format = \"JSON\""));
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString(), "--query", "name=Ada", "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode logs = new ObjectMapper().readTree(run.out()).get("logs");
        assertEquals("platform.initStart", new ObjectMapper().readTree(logs.get(0).asText()).get("type").asText());
        assertTrue(logs.toString().contains("platform.start"), logs.toString());
        assertFalse(logs.toString().contains("START RequestId"), logs.toString());
        assertTrue(ReportLine.parse(logs.get(logs.size() - 1).asText()).orElseThrow().cold());
    }

    @Test
    void whatTheHandlerPrintsWhileLoadingComesBeforeStart() throws IOException {
        Path handler = project.resolve("handler.py");
        Files.writeString(handler, "print('loading greeter')\n" + Files.readString(handler));
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString(), "--query", "name=Ada");
        assertEquals(0, run.exitCode(), run.err());
        int loading = run.err().indexOf("loading greeter");
        assertTrue(loading >= 0 && loading < run.err().indexOf("START RequestId"), run.err());
    }

    /**
     * Issue 13 §4: a binary body (API Gateway's isBase64Encoded answer) went to System.out, where no test
     * could capture it; it goes to the command line's stdout now, as `> image.bin` gets it: every byte.
     */
    @Test
    void aBinaryBodyReachesStdoutByteForByte() throws IOException {
        Files.writeString(project.resolve("handler.py"), """
                import base64

                def handler(event, context):
                    return {"statusCode": 200, "isBase64Encoded": True, "body": base64.b64encode(bytes(range(256))).decode(),
                            "headers": {"Content-Type": "application/octet-stream"}}
                """);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter stderr = new StringWriter();
        int code = LambCli.create(stdout, new PrintWriter(stderr, true), Terminals.none())
                .execute("invoke", "--local", "--sources", "--dir", project.toString(), "--query", "name=Ada");
        assertEquals(0, code, stderr.toString());
        byte[] expected = new byte[256];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, stdout.toByteArray());
        assertTrue(stderr.toString().contains("HTTP 200"), stderr.toString());
    }

    @Test
    void sourcesWithoutLocalIsAUsageError() {
        Lamb.Run run = Lamb.run("invoke", "--sources", "--dir", project.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--local"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void badPayloadIsAUsageError() {
        Lamb.Run run = Lamb.run("invoke", "--local", "--dir", project.toString(), "--payload", "{nope");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("lamb: --payload is not valid JSON"), run.err());
    }
}
