package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;

/**
 * The tuner's measuring half against the local cloud: a version per size, each measured at its own
 * memory, and the function left exactly as it was (memory, description, versions), a killed run included.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MemorySweepIT {
    /** Sleeps 10 ms plus 160 ms x (128 / memory)^2: a known curve whose cost is lowest at 512 MB. */
    static final String CURVE = """
            import json, os, time

            def handler(event, context):
                memory = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
                time.sleep((10 + 160 * (128 / memory) ** 2) / 1000)
                return {"statusCode": 200, "body": json.dumps({"memory": memory})}
            """;

    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    static Path deployed(String name, String source) {
        return cloud.deployed(work, name, source);
    }

    @Test
    void eachSizeIsMeasuredAtItsOwnMemoryAndTheFunctionIsLeftAsItWas() throws Exception {
        Path dir = deployed("curve", CURVE);
        var before = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("curve"));
        List<String> versionsBefore = versions("curve");

        MemorySweep tuner = new MemorySweep(cloud.aws().lambda(), dir, "curve", "us-east-1", line -> {});
        MemorySweep.Measurements run = tuner.run(new MemorySweep.Sampling(
                List.of(new MemorySweep.SizeToTry(128, "x86_64"), new MemorySweep.SizeToTry(512, "x86_64")), 3, false,
                3, 2, EventMix.single("{}".getBytes(StandardCharsets.UTF_8)), MemorySweepIT::noCodeNeeded, false), measured -> List.of());

        assertEquals(128, run.originalMemory());
        assertEquals(2, run.measured().size());
        for (Measured m : run.measured()) {
            assertTrue(m.failures().isEmpty(), m.failures().toString());
            assertTrue(m.cold() != null && m.cold().cold(), "the first invocation of a version is its cold start");
            assertEquals(3, m.warm().size());
            m.warm().forEach(r -> assertEquals(m.memoryMb(), r.memorySizeMb()));
            double expected = 10 + 160 * Math.pow(128.0 / m.memoryMb(), 2);
            m.warm().forEach(r -> assertTrue(r.durationMs() >= expected && r.durationMs() < expected + 60,
                    m.memoryMb() + " MB took " + r.durationMs() + " ms, expected about " + expected));
        }

        var after = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("curve"));
        assertEquals(before.memorySize(), after.memorySize());
        assertEquals(before.description(), after.description());
        assertEquals(versionsBefore, versions("curve"), "the tuning versions are gone");
        assertFalse(Files.exists(TuneJournal.file(dir)), "the journal is gone");
    }

    @Test
    void aJournalLeftByAKilledRunIsRepaired() throws Exception {
        Path dir = deployed("killed", CURVE);
        List<String> versionsBefore = versions("killed");
        // What a run killed with -9 after publishing one version leaves: $LATEST at the tuning size, a version, a journal.
        TuningVersions versions = TuningVersions.begin(cloud.aws().lambda(), dir, "killed", "us-east-1", MemorySweepIT::noCodeNeeded, line -> {},
                TuneSignals.none(), null);
        versions.publish(1024, "x86_64");
        assertEquals(1024, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("killed")).memorySize());

        assertTrue(TuningVersions.repair(cloud.aws().lambda(), dir, MemorySweepIT::noCodeNeeded, line -> {}));
        assertEquals(128, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("killed")).memorySize());
        assertEquals(versionsBefore, versions("killed"));
        assertFalse(Files.exists(TuneJournal.file(dir)));
    }

    /** One architecture throughout: the code is never uploaded again. */
    static byte[] noCodeNeeded() {
        throw new AssertionError("the zip was asked for, but no architecture changed");
    }

    static List<String> versions(String name) {
        return cloud.versions(name);
    }
}
