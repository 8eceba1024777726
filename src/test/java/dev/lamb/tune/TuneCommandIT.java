package dev.lamb.tune;

import static dev.lamb.tune.TuneSteps.JSON;
import static dev.lamb.tune.TuneSteps.handler;
import static dev.lamb.tune.TuneSteps.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/**
 * `lamb tune` end to end against the local cloud, on functions whose true cost curve the test defines
 * through AWS_LAMBDA_FUNCTION_MEMORY_SIZE (sleeps, so the CPU share does not matter): the recommendation
 * must be the analytic optimum, failing sizes are reported and skipped, and the live function is left
 * as it was. TuneProjectIT has the event, lamb.toml, and runs stopped or killed. Its cloud has no state delay,
 * which would add a second's wait to each version a run publishes: TuneInterruptIT proves lamb's waits.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneCommandIT {
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

    @Test
    void aFloorPlusAShrinkingPartHasItsOptimumFound() throws Exception {
        // 30 ms x (512 / memory)^2, never under 30 ms: cost per invocation falls until 512 MB, then rises.
        Path dir = deployed("kink", handler("max(30, 30 * (512 / memory) ** 2)", ""));
        var before = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("kink"));
        List<String> versionsBefore = versions("kink");

        JsonNode result = tune(dir, "--memory", "128..1024", "--invocations", "4", "--concurrency", "2");

        assertEquals(512, result.path("recommended").path("memory_mb").asInt(), result.toString());
        assertTrue(result.path("sizes").size() > 7, "the search measured sizes around the best: " + result.path("sizes"));
        assertTrue(size(result, 448).path("refined").asBoolean() && size(result, 576).path("refined").asBoolean(), result.toString());
        assertEquals(128, result.path("current").path("memory_mb").asInt());
        assertTrue(result.path("recommendation").asText().startsWith("set memory to 512 MB (now 128 MB)"), result.toString());

        var after = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("kink"));
        assertEquals(before.memorySize(), after.memorySize());
        assertEquals(before.description(), after.description());
        assertEquals(versionsBefore, versions("kink"), "no tuning version is left");
    }

    /**
     * A fixed-latency function is cheapest at the smallest size; and (issue 11, section 3) the rate counts only
     * the REPORT lines of the versions users are served, never a tune's own versions (each starts cold), so a
     * second tune of the unchanged function reads the same rate and recommends the same size.
     */
    @Test
    void aFixedLatencyFunctionIsCheapestAtTheSmallestSizeAndASecondTuneAgrees() throws Exception {
        Path dir = deployed("flat", handler("40", ""));
        // Its last day in CloudWatch: one cold start in 25 invocations, the rate the cost is weighted by.
        for (int i = 0; i < 25; i++) {
            cloud.aws().lambda().invoke(r -> r.functionName("flat").qualifier("dev"));
        }
        List<String> rates = new ArrayList<>();
        List<Integer> recommended = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Lamb.Run tune = lamb(dir, "tune", "--output", "json", "--memory", "128,256,512", "--invocations", "3", "--no-refine");
            assertEquals(0, tune.exitCode(), tune.err());
            rates.add(tune.err().lines().filter(l -> l.startsWith("tune: cold-start rate")).findFirst().orElse(tune.err()));
            JsonNode result = JSON.readTree(tune.out());
            recommended.add(result.path("recommended").path("memory_mb").asInt());
            if (run == 0) {
                assertTrue(tune.err().contains("cold-start rate 4.0% (1 of 25 invocations in /aws/lambda/flat"), tune.err());
                assertTrue(tune.err().contains("CloudWatch Logs has the REPORT line of every invocation measured (12)"), tune.err());
                assertTrue(tune.err().contains("tune: X-Ray 256 MB x86_64: 4 traces, init "), tune.err());
                assertEquals(128, result.path("recommended").path("memory_mb").asInt(), result.toString());
                assertTrue(result.path("recommendation").asText().startsWith("keep"), result.path("recommendation").asText());
            }
        }
        assertEquals(rates.get(0), rates.get(1), "the first tune's versions do not count in the second's rate");
        assertEquals(recommended.get(0), recommended.get(1));
    }

    @Test
    void failingSizesAreReportedAndTheSmallestFeasibleIsRecommended() throws Exception {
        Path dir = deployed("picky", handler("40", "if memory < 384 or memory == 768: raise MemoryError(\"too small\")"));
        JsonNode result = tune(dir, "--memory", "128,256,384,512,768", "--invocations", "3", "--no-refine");
        for (int mb : new int[] {128, 256, 768}) {
            JsonNode s = size(result, mb);
            assertEquals("INFEASIBLE", s.path("verdict").asText(), s.toString());
            assertTrue(s.path("reason").asText().startsWith("MemoryError"), s.toString());
        }
        assertEquals("OK", size(result, 512).path("verdict").asText(), "the sweep went on past the failures");
        assertEquals(384, result.path("recommended").path("memory_mb").asInt(), result.toString());
    }

    @Test
    void twoArchitecturesAreComparedInOneRunAndTheFunctionKeepsItsOwn() throws Exception {
        Path dir = deployed("twin", handler("200", ""));
        var before = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("twin"));
        List<String> versionsBefore = versions("twin");

        JsonNode result = tune(dir, "--arch", "x86_64,arm64", "--memory", "128,256", "--invocations", "3", "--no-refine");

        assertEquals(4, result.path("sizes").size(), result.toString());
        for (JsonNode s : result.path("sizes")) {
            assertEquals("OK", s.path("verdict").asText(), s.toString());
        }
        // The same durations here, and arm64's GB-second costs 20% less: arm64 at 128 MB is the cheapest. The function
        // sleeps 200 ms, so that one invocation slowed by a busy machine cannot move a size's mean billed time by 20%.
        assertEquals("arm64", result.path("recommended").path("architecture").asText(), result.toString());
        assertTrue(result.path("recommendation").asText().contains("arm64"), result.path("recommendation").asText());

        var after = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("twin"));
        assertEquals(before.architecturesAsStrings(), after.architecturesAsStrings());
        assertEquals(before.codeSha256(), after.codeSha256());
        assertEquals(before.memorySize(), after.memorySize());
        assertEquals(versionsBefore, versions("twin"));
    }

    @Test
    void coldMeasuresAColdStartForEveryInvocation() throws Exception {
        Path dir = deployed("frosty", handler("20", ""));
        List<String> versionsBefore = versions("frosty");
        assertEquals(2, lamb(dir, "tune", "--cold").exitCode(), "--cold needs --invocations");

        JsonNode result = tune(dir, "--cold", "--memory", "128,256", "--invocations", "2", "--no-refine");
        for (JsonNode s : result.path("sizes")) {
            assertEquals("OK", s.path("verdict").asText(), s.toString());
            assertEquals(2, s.path("invocations").asInt(), s.toString());
            assertTrue(s.path("init_ms").asDouble() > 0, "a cold start has an init time: " + s);
            // Billed since August 2025 with the init phase: every sample is billed above its duration by the init.
            assertTrue(s.path("billed_mean_ms").asDouble() > s.path("median_ms").asDouble() + 10, s.toString());
        }
        assertEquals(4, result.path("invocations").asInt());
        assertEquals(versionsBefore, versions("frosty"), "its four versions are gone");
    }

    static List<String> versions(String name) {
        return cloud.versions(name);
    }
}
