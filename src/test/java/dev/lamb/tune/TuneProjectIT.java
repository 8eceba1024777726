package dev.lamb.tune;

import static dev.lamb.tune.TuneSteps.handler;
import static dev.lamb.tune.TuneSteps.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.aws.Releases;
import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.tune.TuneSteps.FunctionState;

/**
 * `lamb tune` and the project and run around the measurement, against the local cloud: the event it sends
 * (the project's, or --query, --payload, --event), lamb.toml's settings, --apply and --save, bad ranges, a run
 * that rides out throttling and 5xx, and a run stopped by Ctrl-C or killed with -9 that leaves the live
 * function as it was; `tune --stage`. (Apart from TuneCommandIT's recommendations, so that CI runs the two side by side.)
 * Its cloud has no state delay, which would add a second's wait to each version a run publishes: TuneInterruptIT
 * proves lamb's waits.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneProjectIT {
    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass().withoutStateDelay();

    static Path deployed(String name, String source) {
        return cloud.deployed(work, name, source);
    }

    static Lamb.Run lamb(Path dir, String... args) {
        return TuneSteps.lamb(cloud, dir, args);
    }

    static JsonNode tune(Path dir, String... args) throws Exception {
        return TuneSteps.tune(cloud, dir, args);
    }

    static List<String> versions(String name) {
        return cloud.versions(name);
    }

    /**
     * Issue 11, section 3: the default event is the project's events/hello.json (tune.event, written by
     * init), the request the greeting answers 200; --query and --payload still override it, and when most
     * answers are 4xx the table marks the size and one line says so.
     */
    @Test
    void theProjectsEventIsMeasuredAndErrorAnswersAreMarked() throws Exception {
        Path dir = DeployedCloud.init(work, "greeter");
        cloud.deploy(dir);
        // One size: what is checked is which event is sent, and how its answers are marked.
        List<String> sweep = List.of("--memory", "128", "--invocations", "3", "--no-refine");

        Lamb.Run served = lamb(dir, args(List.of("tune"), sweep));
        assertEquals(0, served.exitCode(), served.err());
        assertFalse(served.out().contains("answers"), "the hello event is answered 200: " + served.out());

        for (List<String> other : List.of(List.of("--query", "nick=Ada"), List.of("--payload", "{}"))) {
            Lamb.Run run = lamb(dir, args(List.of("tune"), sweep, other));
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("ok (400 answers)"), other + " marks the sizes: " + run.out());
            assertTrue(run.out().contains("measured 400 answers: 4 of 4"), other + ": " + run.out());
            JsonNode json = tune(dir, args(sweep, other));
            assertEquals(400, size(json, 128).path("error_answers").path("status").asInt(), json.toString());
        }

        // Issue 15 §3: a weighted mix of two events (one answered 400) with a placeholder, priced with provisioned
        // concurrency too; the JSON says which events and weights every size's figures mix.
        String hello = Files.readString(dir.resolve("events/hello.json"));
        Path mix = work.resolve("mix.json");
        Files.writeString(mix, "[{\"event\": " + hello.replace("World", "Ada {{seq}}") + ", \"weight\": 2}, {\"event\": "
                + hello.replace("\"name\"", "\"nick\"") + ", \"weight\": 1}]");
        JsonNode mixed = tune(dir, args(sweep, List.of("--payloads", mix.toString(), "--provisioned")));
        assertEquals(2, mixed.path("events").path("events").asInt(), mixed.toString());
        assertEquals(1, mixed.path("provisioned").size(), mixed.toString());
        assertTrue(mixed.path("provisioned").get(0).path("per_million_at_full_use").asDouble() > 0, mixed.toString());
        assertTrue(size(mixed, 128).path("error_answers").isNull(), "one answer in three is the 400, not most: " + mixed);

        Path event = work.resolve("ada.json");
        Files.writeString(event, hello.replace("World", "Ada"));
        Lamb.Run file = lamb(dir, args(List.of("tune"), sweep, List.of("--event", event.toString())));
        assertFalse(file.out().contains("answers"), file.out());

        Files.delete(dir.resolve("events/hello.json"));
        Lamb.Run missing = lamb(dir, "tune");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().startsWith("lamb: tune.event in lamb.toml names ") && missing.err().strip().lines().count() == 1,
                missing.err());
    }

    @SafeVarargs
    private static String[] args(List<String>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }

    @Test
    void ctrlCPutsTheFunctionBackBeforeExiting() throws Exception {
        Path dir = deployed("interrupted", handler("300", ""));
        List<String> versionsBefore = versions("interrupted");
        Process tune = startTune(dir);
        String last = "";
        try (var lines = new BufferedReader(new InputStreamReader(tune.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("tune: 128 MB")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(tune.pid())).start().waitFor();
                    break;
                }
            }
            for (String line; (line = lines.readLine()) != null; ) {
                last = line;
            }
        }
        assertTrue(tune.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, tune.exitValue());
        // Issue 11, section 6: one line before exit 130 names the step and what was done.
        assertTrue(last.startsWith("lamb: interrupted during step 'measure' (done: versions ")
                && last.contains("128 MB x86_64 measured") && last.endsWith("interrupted is as it was, its tuning versions deleted"),
                last);
        assertEquals(128, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("interrupted")).memorySize());
        assertEquals(versionsBefore, versions("interrupted"), "the tuning versions went with the run");
        assertFalse(Files.exists(TuneJournal.file(dir)));
    }

    private static Process startTune(Path dir) throws IOException {
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("tune", "--memory", "128,256,512,1024", "--invocations", "5", "--dir", dir.toString(),
                "--endpoint-url", cloud.endpoint(), "--region", "us-east-1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        return builder.start();
    }

    @Test
    void aRunKilledWithSigkillIsRepairedByRestore() throws Exception {
        Path dir = deployed("victim", handler("300", ""));
        List<String> versionsBefore = versions("victim");
        Process tune = startTune(dir);
        try (var lines = new BufferedReader(new InputStreamReader(tune.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("tune: 128 MB")) {
                    tune.destroyForcibly();
                    break;
                }
            }
        }
        assertTrue(tune.waitFor(20, TimeUnit.SECONDS));
        assertTrue(Files.exists(TuneJournal.file(dir)), "a killed run leaves its journal");
        assertTrue(versions("victim").size() > versionsBefore.size(), "and its versions");

        Lamb.Run restore = lamb(dir, "tune", "--restore");
        assertEquals(0, restore.exitCode(), restore.err());
        assertEquals(128, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("victim")).memorySize());
        assertEquals(versionsBefore, versions("victim"));
        assertFalse(Files.exists(TuneJournal.file(dir)));
        Lamb.Run again = lamb(dir, "tune", "--restore");
        assertEquals("nothing to restore for victim\n", again.out());
    }

    @Test
    void throttlingAnd5xxDoNotPolluteTheSamples() throws Exception {
        Path dir = deployed("stormy", handler("40", ""));
        cloud.local().faults().add("lambda", "POST .*/invocations", "throttle", null, null, 2);
        cloud.local().faults().add("lambda", "POST .*/invocations", "error", 1.0, null, 2);
        try {
            JsonNode result = tune(dir, "--memory", "128,256", "--invocations", "5", "--no-refine");
            for (JsonNode s : result.path("sizes")) {
                assertEquals("OK", s.path("verdict").asText(), s.toString());
                assertEquals(5, s.path("invocations").asInt(), s.toString());
                // What is measured is Lambda's own Duration: the retried attempts' waits are not in it.
                assertTrue(s.path("p95_ms").asDouble() < 100, s.toString());
            }
            assertTrue(cloud.local().faults().list().stream().allMatch(f -> Boolean.TRUE.equals(f.get("spent"))), "the faults fired");
        } finally {
            cloud.local().faults().clear();
        }
        assertEquals(128, memoryOf(dir), "the function keeps its memory");
    }

    private static int memoryOf(Path dir) {
        return cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName(dir.getFileName().toString())).memorySize();
    }

    @Test
    void lambTomlSetsTheInvocationsPerSizeAndTheSizes() throws Exception {
        Path dir = deployed("configured", handler("20", ""));
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("memory = \"128..1024\"\n# invocations = 20",
                "memory = \"128,256\"\ninvocations = 2"));
        JsonNode result = tune(dir, "--no-refine");
        assertEquals(2, result.path("sizes").size(), result.toString());
        result.path("sizes").forEach(s -> assertEquals(2, s.path("invocations").asInt(), s.toString()));
    }

    /**
     * Issue 13 §4: --apply sets the recommended memory on $LATEST, and --save writes it through config's one
     * lamb.toml writer, which changes the [function] memory value and no other byte: comments stay, and
     * [tune]'s own memory key is not the one.
     */
    @Test
    void applyAndSaveChangeOnlyTheFunctionsMemoryInLambToml() throws Exception {
        Path dir = deployed("saved", handler("max(30, 30 * (512 / memory) ** 2)", ""));
        Path toml = dir.resolve("lamb.toml");
        String before = "# kept by --save\n" + Files.readString(toml).replace("memory = 128\n", "memory = 128  # MB\n");
        Files.writeString(toml, before);

        Lamb.Run run = lamb(dir, "tune", "--memory", "128,512", "--invocations", "2", "--no-refine", "--apply", "--save");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(512, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("saved")).memorySize());
        assertTrue(run.err().contains("tune: lamb.toml now says memory = 512\n"), run.err());
        assertEquals(before.replace("memory = 128  # MB\n", "memory = 512  # MB\n"), Files.readString(toml));
    }

    /**
     * Issue 15 §1: `tune --stage prod` measures prod's settings even when dev was deployed after prod, so that $LATEST
     * holds dev's ([stage.prod]'s memory is the current size; its environment, which the handler requires, and its
     * timeout are the ones the versions run with), and leaves both aliases, the versions and $LATEST's settings as
     * they were. A run killed with -9 while $LATEST held prod's settings is put back by the next run from the journal.
     * When dev then deploys other code, prod serves code $LATEST does not hold: tune refuses in one line.
     */
    @Test
    void tuneStageMeasuresThatStagesSettingsAndLeavesEveryStageAsItWas() throws Exception {
        Path dir = DeployedCloud.init(work, "staged");
        String failsOutsideProd = "if os.environ.get(\"STAGE\") != \"prod\": raise ValueError(\"dev\")";
        Files.writeString(dir.resolve("handler.py"), handler("20", failsOutsideProd));
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("LOG_LEVEL = \"INFO\"\n", "LOG_LEVEL = \"INFO\"\nSTAGE = \"dev\"\n")
                + "\n[stage.prod]\nmemory = 256\ntimeout = 7\n\n[stage.prod.environment]\nSTAGE = \"prod\"\n");
        assertEquals(0, lamb(dir, "deploy", "--stage", "prod").exitCode());
        cloud.deploy(dir);
        FunctionState before = FunctionState.of(cloud, "staged");
        List<Object> latest = settings(null);
        List<Object> prod = settings("prod");
        assertEquals("dev", ((Map<?, ?>) latest.get(1)).get("STAGE"), "dev, deployed last, set $LATEST");

        JsonNode result = tune(dir, "--stage", "prod", "--memory", "128,256", "--invocations", "2", "--no-refine");

        for (JsonNode s : result.path("sizes")) {
            assertEquals("OK", s.path("verdict").asText(), "measured with prod's environment: " + s);
        }
        assertEquals(256, result.path("current").path("memory_mb").asInt(), "prod's memory is the current size: " + result);
        assertEquals(before, FunctionState.of(cloud, "staged"), "both aliases, the versions and $LATEST are as they were");
        assertEquals(latest, settings(null));
        assertEquals(prod, settings("prod"), "the version prod serves is untouched");

        // A run killed while $LATEST held prod's settings left its journal: --restore (as the next run would) puts $LATEST's own back.
        var original = cloud.aws().lambda().getFunction(r -> r.functionName("staged")).configuration();
        TuneJournal.of("staged", "us-east-1", original.memorySize(), "x86_64", original.description(), LatestSettings.of(original))
                .write(dir);
        cloud.aws().lambda().updateFunctionConfiguration(r -> r.functionName("staged").memorySize(512).timeout(7)
                .environment(e -> e.variables(Map.of("STAGE", "prod"))).description(Releases.TUNING_DESCRIPTION + "512 MB"));
        assertEquals(0, lamb(dir, "tune", "--restore").exitCode());
        assertEquals(latest, settings(null), "the journal's settings are $LATEST's again");

        Files.writeString(dir.resolve("handler.py"), handler("21", failsOutsideProd));
        cloud.deploy(dir);
        FunctionState newerDev = FunctionState.of(cloud, "staged");
        Lamb.Run refused = lamb(dir, "tune", "--stage", "prod", "--memory", "128", "--invocations", "1", "--no-refine");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("'lamb deploy --stage prod' first") && refused.err().strip().lines().count() == 1,
                refused.err());
        assertEquals(newerDev, FunctionState.of(cloud, "staged"), "a refused run changes nothing");
    }

    /** staged's memory, environment, timeout, description and code, at $LATEST (null) or at a qualifier. */
    private static List<Object> settings(String qualifier) {
        var config = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("staged").qualifier(qualifier));
        return List.of(config.memorySize(), config.environment().variables(), config.timeout(), config.description(),
                config.codeSha256());
    }

    @Test
    void badRangesAreRefusedBeforeAnyCall() throws Exception {
        Path dir = DeployedCloud.init(work, "ranges");
        for (String range : new String[] {"64..512", "1024..128", "128,20000", "abc"}) {
            Lamb.Run run = lamb(dir, "tune", "--memory", range);
            assertEquals(2, run.exitCode(), range + ": " + run.err());
            assertTrue(run.err().startsWith("lamb: ") && run.err().strip().lines().count() == 1, run.err());
        }
    }
}
