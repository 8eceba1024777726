package dev.lamb.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/** `lamb traces` against lamb's local cloud, over the traces Lambda writes for cold and warm invocations. */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TracesCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path projects;

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    private static Path traced;

    @BeforeAll
    static void start() {
        traced = DeployedCloud.init(projects, "traced");
        cloud.deploy(traced);
        for (int i = 0; i < 3; i++) {
            invoke(traced);
        }
    }

    private static void invoke(Path project) {
        Lamb.Run run = cloud.lamb("invoke", "--dir", project.toString(), "--query", "name=Ada");
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @Test
    void listsColdThenWarmInvocationsWithTheirPhasesAndASummary() throws IOException {
        Lamb.Run json = cloud.lamb("traces", "--dir", traced.toString(), "--output", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode report = JSON.readTree(json.out());
        assertEquals("traced", report.get("function").asText());
        JsonNode traces = report.get("traces");
        assertEquals(3, traces.size(), json.out());
        JsonNode cold = traces.get(0);
        assertTrue(cold.get("cold").asBoolean(), "the first invocation is a cold start: " + cold);
        assertTrue(cold.get("init_ms").asDouble() > 0, cold.toString());
        for (int i = 1; i < 3; i++) {
            JsonNode warm = traces.get(i);
            assertFalse(warm.get("cold").asBoolean(), "later invocations are warm: " + warm);
            assertTrue(warm.get("init_ms").isNull(), "a warm invocation has no init time: " + warm);
        }
        for (JsonNode t : traces) {
            assertTrue(t.get("id").asText().matches("1-[0-9a-f]{8}-[0-9a-f]{24}"), t.toString());
            assertTrue(t.get("invocation_ms").asDouble() > 0, t.toString());
            assertTrue(t.get("overhead_ms").asDouble() > 0, t.toString());
            assertTrue(t.get("duration_ms").asDouble() >= t.get("invocation_ms").asDouble(), t.toString());
            assertEquals("ok", t.get("status").asText());
            assertEquals(200, t.get("http_status").asInt());
            assertEquals(0, t.get("errors").size());
        }
        JsonNode summary = report.get("summary");
        assertEquals(3, summary.get("traces").asInt());
        assertEquals(1, summary.get("cold").asInt());
        assertEquals(2, summary.get("warm").asInt());
        assertEquals(0, summary.get("faults").asInt());
        List<Double> durations = new ArrayList<>();
        traces.forEach(t -> durations.add(t.get("duration_ms").asDouble()));
        durations.sort(null);
        assertEquals(durations.get(1), summary.get("duration_p50_ms").asDouble(), 0.0005);
        assertEquals(durations.get(2), summary.get("duration_p95_ms").asDouble(), 0.0005);
        assertEquals(cold.get("init_ms").asDouble(), summary.get("init_p50_ms").asDouble(), 0.0005);
        assertEquals(cold.get("init_ms").asDouble(), summary.get("init_p95_ms").asDouble(), 0.0005);

        Lamb.Run text = cloud.lamb("traces", "--dir", traced.toString());
        assertEquals(0, text.exitCode(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(5, lines.size(), text.out());
        assertTrue(lines.get(0).startsWith("TIME"), text.out());
        assertTrue(lines.get(1).contains(" cold ") && lines.get(1).contains(cold.get("id").asText()), text.out());
        assertTrue(lines.get(2).contains(" warm ") && lines.get(3).contains(" warm "), text.out());
        assertTrue(lines.get(1).contains("200 ok"), text.out());
        assertEquals(String.format(Locale.ROOT,
                "3 traces: 1 cold, 2 warm, 0 failed; duration p50 %.1f ms, p95 %.1f ms; init p50 %.1f ms, p95 %.1f ms",
                durations.get(1), durations.get(2), cold.get("init_ms").asDouble(), cold.get("init_ms").asDouble()),
                lines.get(4));
    }

    @Test
    void idShowsOneTraceAsATreeOfSegments() throws IOException {
        Lamb.Run list = cloud.lamb("traces", "--dir", traced.toString(), "--output", "json");
        String coldId = JSON.readTree(list.out()).get("traces").get(0).get("id").asText();

        Lamb.Run text = cloud.lamb("traces", "--id", coldId);
        assertEquals(0, text.exitCode(), text.err());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.get(0).startsWith("trace " + coldId + ", "), text.out());
        assertTrue(lines.get(1).startsWith("SEGMENT"), text.out());
        assertTrue(lines.get(2).matches("traced \\(AWS::Lambda\\)\\s+\\+0\\.0 ms\\s+[0-9.]+ ms\\s+200 ok"), text.out());
        assertTrue(lines.get(3).matches("  traced \\(AWS::Lambda::Function\\)\\s+\\+0\\.0 ms\\s+[0-9.]+ ms\\s+ok"), text.out());
        assertTrue(lines.get(4).matches("    Initialization\\s+\\+0\\.0 ms\\s+[0-9.]+ ms\\s+ok"), text.out());
        assertTrue(lines.get(5).matches("    Invocation\\s+\\+[0-9.]+ ms\\s+[0-9.]+ ms\\s+ok"), text.out());
        assertTrue(lines.get(6).matches("    Overhead\\s+\\+[0-9.]+ ms\\s+[0-9.]+ ms\\s+ok"), text.out());
        assertEquals(7, lines.size(), text.out());

        Lamb.Run json = cloud.lamb("traces", "--id", coldId, "--output", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode tree = JSON.readTree(json.out());
        assertEquals(coldId, tree.get("trace_id").asText());
        JsonNode service = tree.get("segments").get(0);
        assertEquals("AWS::Lambda", service.get("origin").asText());
        JsonNode function = service.get("children").get(0);
        assertEquals("AWS::Lambda::Function", function.get("origin").asText());
        List<String> phases = new ArrayList<>();
        function.get("children").forEach(c -> phases.add(c.get("name").asText()));
        assertEquals(List.of("Initialization", "Invocation", "Overhead"), phases);
        JsonNode init = function.get("children").get(0);
        JsonNode invocation = function.get("children").get(1);
        assertEquals(init.get("duration_ms").asDouble(), invocation.get("start_ms").asDouble(), 0.002);
    }

    @Test
    void anUnknownOrMalformedTraceId() {
        Lamb.Run missing = cloud.lamb("traces", "--id", "1-00000000-000000000000000000000000");
        assertEquals(4, missing.exitCode(), missing.err());
        assertEquals("lamb: X-Ray has no trace 1-00000000-000000000000000000000000\n", missing.err());
        Lamb.Run bad = cloud.lamb("traces", "--id", "abc");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("is not an X-Ray trace id"), bad.err());
    }

    @Test
    void followPrintsEachNewTraceOnceUntilInterrupted() throws Exception {
        Path project = DeployedCloud.init(projects, "followed");
        cloud.deploy(project);
        invoke(project);
        List<TraceSummary> seen = new CopyOnWriteArrayList<>();
        Thread follower = new Thread(() -> new TraceReader(cloud.aws(), "followed")
                .follow(Duration.ofHours(1), Clock.systemUTC(), seen::add));
        follower.start();
        waitFor(() -> seen.size() == 1);
        invoke(project);
        invoke(project);
        waitFor(() -> seen.size() == 3);
        Thread.sleep(2 * TraceReader.POLL.toMillis() + 500);
        follower.interrupt();
        follower.join(10_000);
        assertFalse(follower.isAlive(), "an interrupt ends the follow");
        assertEquals(3, seen.size(), "each trace once: " + seen);
        assertEquals(3, seen.stream().map(TraceSummary::id).distinct().count());
        assertTrue(seen.get(0).cold());
        assertFalse(seen.get(1).cold() || seen.get(2).cold());
    }

    @Test
    void tracingOffSaysHowToTurnItOnAndExits0() throws IOException {
        Path project = DeployedCloud.init(projects, "untraced");
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("tracing = true", "tracing = false"));
        cloud.deploy(project);
        invoke(project);
        Lamb.Run run = cloud.lamb("traces", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("X-Ray tracing is off for untraced (PassThrough): set tracing = true under [function] in lamb.toml, "
                + "then run 'lamb deploy'\n", run.out());
        Lamb.Run json = cloud.lamb("traces", "--dir", project.toString(), "--output", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode off = JSON.readTree(json.out());
        assertEquals("PassThrough", off.get("tracing_mode").asText());
        assertNull(off.get("traces"));
    }

    @Test
    void anUndeployedProjectExits4() {
        Path project = DeployedCloud.init(projects, "never-deployed");
        Lamb.Run run = cloud.lamb("traces", "--dir", project.toString());
        assertEquals(4, run.exitCode(), run.out() + run.err());
        assertEquals("", run.out());
        assertEquals("lamb: never-deployed is not deployed: deploy it with 'lamb deploy'\n", run.err());
    }

    @Test
    void aBadSinceIsAUsageError() {
        Lamb.Run run = cloud.lamb("traces", "--dir", traced.toString(), "--since", "yesterday");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--since yesterday is not a time: give a span back from now (90s, 10m, 1h30m, 2d, 1w)"), run.err());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting");
            Thread.sleep(100);
        }
    }
}
