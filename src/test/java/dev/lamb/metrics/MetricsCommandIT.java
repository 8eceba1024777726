package dev.lamb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.lambda.ReportLine;
import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.stats.Stats;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.RequiredTools;

/**
 * Issue 16 "Tests and proof": a function invoked N times through its API, with a known number of errors and durations set
 * by sleeps; `lamb metrics` on the local cloud reports exactly N invocations and the errors in one GetMetricData call, its
 * percentiles agree with the REPORT lines' own (nearest rank, which the local cloud computes exactly; the lines print
 * durations to the hundredth of a millisecond), and the AWS CLI v2's get-metric-data gives the same sums.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = """
            import time

            def handler(event, context):
                params = event.get("queryStringParameters") or {}
                time.sleep(int(params.get("sleep", "0")) / 1000)
                if params.get("fail"):
                    raise Exception("failed on purpose")
                return {"statusCode": 200, "body": "ok"}
            """;
    private static final int[] SLEEPS = {20, 40, 60, 80, 100, 120, 140, 160};
    private static final int ERRORS = 2;

    @TempDir
    static Path projects;

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    private static Path project;
    private static String url;

    @BeforeAll
    static void invokeAKnownMix() throws Exception {
        project = DeployedCloud.init(projects, "mix");
        Files.writeString(project.resolve("handler.py"), HANDLER);
        url = cloud.deploy(project);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < SLEEPS.length; i++) {
            boolean fail = i % 3 == 2 && i < 3 * ERRORS;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "?sleep=" + SLEEPS[i]
                    + (fail ? "&fail=1" : ""))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(fail ? 502 : 200, response.statusCode(), response.body());
        }
    }

    private static JsonNode json(String... args) throws IOException {
        Lamb.Run run = cloud.lamb(args);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return JSON.readTree(run.out());
    }

    /** The REPORT lines' durations, sorted, as the function's log group holds them. */
    private static List<ReportLine> reports() {
        List<ReportLine> lines = new ArrayList<>();
        cloud.aws().logs().filterLogEventsPaginator(r -> r.logGroupName("/aws/lambda/mix")).events()
                .forEach(e -> ReportLine.parse(e.message()).ifPresent(lines::add));
        return lines;
    }

    @Test
    void reportsTheMixInOneGetMetricDataCall() throws IOException {
        JsonNode report = json("metrics", "--dir", project.toString(), "--output", "json");
        assertEquals(1, report.path("calls").path("metric_data").asInt(), report.path("calls").toString());
        JsonNode f = report.path("functions").get(0);
        assertEquals("mix:dev", f.path("resource").asText());
        JsonNode figures = f.path("figures");
        assertEquals(SLEEPS.length, figures.path("invocations").asDouble(), figures.toString());
        assertEquals(ERRORS, figures.path("errors").asDouble(), figures.toString());
        assertEquals(100.0 * ERRORS / SLEEPS.length, figures.path("error_rate_percent").asDouble(), 1e-9);
        assertEquals(SLEEPS.length, figures.path("api_count").asDouble(), figures.toString());
        assertEquals(ERRORS, figures.path("api_5xx").asDouble(), figures.toString());

        List<ReportLine> lines = reports();
        assertEquals(SLEEPS.length, lines.size());
        Stats durations = Stats.of(lines.stream().map(ReportLine::durationMs).toList());
        assertEquals(durations.percentile(0.50), figures.path("duration_p50").asDouble(), 0.01, figures.toString());
        assertEquals(durations.percentile(0.95), figures.path("duration_p95").asDouble(), 0.01, figures.toString());
        assertEquals(durations.percentile(0.99), figures.path("duration_p99").asDouble(), 0.01, figures.toString());
        assertTrue(figures.path("duration_max").asDouble() >= SLEEPS[SLEEPS.length - 1], figures.toString());

        JsonNode fromLines = f.path("report");
        assertEquals(SLEEPS.length, fromLines.path("lines").asInt());
        assertEquals(lines.stream().filter(ReportLine::cold).count(), fromLines.path("cold_starts").asLong());
        assertEquals(lines.stream().mapToInt(ReportLine::maxMemoryUsedMb).max().getAsInt(), fromLines.path("max_memory_used_mb").asInt());
        assertTrue(f.path("flags").toString().contains("error_rate"), f.path("flags").toString());
    }

    @Test
    void theAwsCliGivesTheSameSums() throws IOException {
        JsonNode report = json("metrics", "--dir", project.toString(), "--output", "json");
        String queries = "[" + query("inv", "Invocations", report) + "," + query("err", "Errors", report) + "]";
        JsonNode data = AwsCli.json(projects, cloud.endpoint(), "cloudwatch", "get-metric-data", "--metric-data-queries", queries,
                "--start-time", report.path("from").asText(), "--end-time", report.path("until").asText());
        JsonNode figures = report.path("functions").get(0).path("figures");
        for (JsonNode r : data.path("MetricDataResults")) {
            double sum = 0;
            for (JsonNode v : r.path("Values")) {
                sum += v.asDouble();
            }
            assertEquals(figures.path(r.path("Id").asText().equals("inv") ? "invocations" : "errors").asDouble(), sum, r.toString());
        }
    }

    @Test
    void textIsATableWithSparklinesAndFlagsCsvIsTheSeries() {
        Lamb.Run text = cloud.lamb("metrics", "--dir", project.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("mix, stage dev (mix:dev, version 1): "), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("  Invocations\\s+" + SLEEPS.length + "\\s+[▁-█]+")), text.out());
        assertTrue(text.out().contains("! errors are 25% of invocations (2 of 8), over 1%"), text.out());
        assertTrue(text.out().contains("(1 GetMetricData)"), text.out());

        Lamb.Run csv = cloud.lamb("metrics", "--dir", project.toString(), "--output", "csv", "--by", "version");
        assertEquals(0, csv.exitCode(), csv.err());
        List<String> rows = csv.out().lines().toList();
        assertTrue(rows.get(0).startsWith("function,stage,version,period_start,invocations,errors,"), rows.get(0));
        double stage = 0;
        double version = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            stage += cells[2].isEmpty() ? Double.parseDouble(cells[4]) : 0;
            version += cells[2].equals("1") ? Double.parseDouble(cells[4]) : 0;
        }
        assertEquals(SLEEPS.length, stage, csv.out());
        assertEquals(SLEEPS.length, version, "ExecutedVersion 1 ran them all: " + csv.out());
    }

    @Test
    void aFunctionOrStageNotDeployedIsExitFour() {
        Lamb.Run missing = cloud.lamb("metrics", "--function", "nowhere");
        assertEquals(4, missing.exitCode(), missing.err());
        assertEquals("lamb: no function nowhere in us-east-1: check the name and --region\n", missing.err());
        Lamb.Run stage = cloud.lamb("metrics", "--dir", project.toString(), "--stage", "prod");
        assertEquals(4, stage.exitCode(), stage.err());
        assertEquals("lamb: stage prod has no alias: run 'lamb deploy --stage prod' first\n", stage.err());
    }

    /**
     * Issue 16 "Tests and proof": throttles appear when reserved concurrency is exceeded (here 0, so every request is). Last,
     * since its request adds to the API's count.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void throttlesAppearWhenReservedConcurrencyIsExceeded() throws Exception {
        cloud.aws().lambda().putFunctionConcurrency(r -> r.functionName("mix").reservedConcurrentExecutions(0));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "?sleep=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() >= 400, response.statusCode() + " " + response.body());
            JsonNode f = json("metrics", "--dir", project.toString(), "--output", "json").path("functions").get(0);
            assertTrue(f.path("figures").path("throttles").asDouble() >= 1, f.path("figures").toString());
            assertEquals(0, f.path("deployed").path("reserved_concurrency").asInt(), f.path("deployed").toString());
            assertTrue(f.path("flags").toString().contains("\"throttles\""), f.path("flags").toString());
        } finally {
            cloud.aws().lambda().deleteFunctionConcurrency(r -> r.functionName("mix"));
        }
    }

    /**
     * lamb's alarms of the stage, by the name deploy gives them (lamb-FUNCTION-STAGE-RULE), with their state; no other's,
     * not even function mix-dev-worker's at stage prod, whose name starts as the stage's alarms do, nor one of the name an
     * older lamb gave the p99 alarm (lamb-mix-dev-p99-duration): the rule names are the [alarms] keys now.
     */
    @Test
    void showsTheStagesAlarmsWithTheirState() throws IOException {
        for (String name : List.of("lamb-mix-dev-throttles", "lamb-mixer-dev-throttles", "lamb-mix-dev-worker-prod-throttles",
                "lamb-mix-dev-p99-duration")) {
            cloud.aws().cloudWatch().putMetricAlarm(r -> r.alarmName(name).namespace("AWS/Lambda").metricName("Throttles")
                    .dimensions(d -> d.name("FunctionName").value("mix")).statistic("Sum").period(60).evaluationPeriods(1)
                    .threshold(1.0).comparisonOperator("GreaterThanOrEqualToThreshold"));
        }
        JsonNode alarms = json("metrics", "--dir", project.toString(), "--output", "json").path("functions").get(0).path("alarms");
        // The deploy made the stage's other alarms (the [alarms] defaults; no reserved concurrency, so no concurrency rule).
        List<String> names = new ArrayList<>();
        alarms.forEach(a -> names.add(a.path("name").asText()));
        assertEquals(List.of("lamb-mix-dev-error_rate", "lamb-mix-dev-p99_of_timeout", "lamb-mix-dev-throttles"), names);
        JsonNode throttles = alarms.get(2);
        assertEquals("INSUFFICIENT_DATA", throttles.path("state").asText(), "a new alarm's state (CloudWatch API Reference)");
        assertTrue(!throttles.path("changed").isNull(), alarms.toString());
        Lamb.Run text = cloud.lamb("metrics", "--dir", project.toString());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("  lamb-mix-dev-throttles\\s+INSUFFICIENT_DATA\\s+since .*")), text.out());
    }

    /**
     * Issue 16 §1: "--watch redraws every period, on a terminal only". On a pseudo-terminal (util-linux's script, as
     * TerminalsIT gives one) it draws the view, draws it again 10 s later (as watch(1) refreshes, not once a minute), and
     * Ctrl-C typed at the terminal ends it as it ends 'lamb logs --follow': exit 0, the terminal's modes as they were.
     * Between the frames one more request: the redraw shows it. After the tests that count the mix exactly. The session
     * script is exec'd: a shell left between script(1) and it (dash, as $SHELL -c) would die of the SIGINT itself.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void watchRedrawsOnATerminalUntilCtrlC() throws Exception {
        Path script = RequiredTools.require("script");
        String lamb = LocalCloudHome.thisLamb().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Path session = Files.writeString(projects.resolve("watch.sh"), "trap : INT\nstty -g\n" + lamb + " metrics --watch --dir '"
                + project + "' --endpoint-url " + cloud.endpoint() + " --region us-east-1\necho \"exit=$?\"\nstty -g\n");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qefc", "exec bash '" + session + "'", "/dev/null")
                .redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process terminal = builder.start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(terminal.getInputStream(), seen));
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        awaitFrames(1, terminal, seen, deadline);
        HttpResponse<String> once = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, once.statusCode(), once.body());
        awaitFrames(2, terminal, seen, deadline);
        try (OutputStream keys = terminal.getOutputStream()) {
            keys.write(3); // Ctrl-C, which the terminal turns into SIGINT for lamb
            keys.flush();
            assertTrue(terminal.waitFor(30, TimeUnit.SECONDS), text(seen));
        }
        reader.join(5000);
        String all = text(seen);
        String[] drawn = all.split("\033\\[H\033\\[2J", -1);
        assertTrue(drawn.length >= 3, all);
        assertTrue(drawn[1].startsWith("mix, stage dev (mix:dev, version 1): "), drawn[1]);
        assertEquals(SLEEPS.length, invocations(drawn[1]), drawn[1]);
        assertEquals(SLEEPS.length + 1, invocations(drawn[2]), "the redraw reads the window again: " + drawn[2]);
        assertTrue(all.contains("exit=0"), all);
        List<String> modes = all.lines().map(String::strip).filter(l -> l.matches("[0-9a-f]+(:[0-9a-f]+){10,}")).toList();
        assertEquals(2, modes.size(), all);
        assertEquals(modes.get(0), modes.get(1), "stty -g before and after: the terminal as it was");
        assertEquals(0, terminal.exitValue(), all);
    }

    private static void awaitFrames(int count, Process terminal, ByteArrayOutputStream seen, long deadline) throws InterruptedException {
        while (frames(text(seen)) < count && terminal.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(count, frames(text(seen)), text(seen));
    }

    /** The Invocations row's figure in a frame of the text view. */
    private static int invocations(String frame) {
        Matcher row = Pattern.compile("^  Invocations\\s+(\\d+)\\s+[▁-█]+", Pattern.MULTILINE).matcher(frame);
        assertTrue(row.find(), frame);
        return Integer.parseInt(row.group(1));
    }

    private static int frames(String output) {
        return output.split("redrawn every 10 s; Ctrl-C stops", -1).length - 1;
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] buffer = new byte[8192];
        try (from) {
            for (int n; (n = from.read(buffer)) > 0; ) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the terminal closed: what was read is what there is
        }
    }

    private static String query(String id, String metric, JsonNode report) {
        return "{\"Id\":\"" + id + "\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"" + metric
                + "\",\"Dimensions\":[{\"Name\":\"FunctionName\",\"Value\":\"mix\"},{\"Name\":\"Resource\",\"Value\":\"mix:dev\"}]},"
                + "\"Period\":" + report.path("period_seconds").asInt() + ",\"Stat\":\"Sum\"}}";
    }
}
