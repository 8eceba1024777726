package dev.lamb.tune;

import static dev.lamb.tune.TuneSteps.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.tune.TuneSteps.FunctionState;

/**
 * Issue 11, section 2: a `lamb tune` killed with -9 while Lambda publishes is repaired by --restore, which also
 * finds leftovers no journal knows; deploy's pruning and rollback never take a tuning version for a release. Its
 * cloud has no state delay (TuneInterruptIT proves lamb's waits): what is checked is what is left, not when.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneRestoreIT {
    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass().withoutStateDelay();

    static FunctionState state(String function) {
        return FunctionState.of(cloud, function);
    }

    @Test
    void aPublishKilledInFlightIsFoundFromTheJournalByRestore() throws Exception {
        Path dir = cloud.deployed(work, "inflight", handler("1", ""));
        FunctionState before = state("inflight");
        // The publish is held 1.5 s by the cloud: lamb is killed while it waits for the answer, which it never reads.
        cloud.local().faults().add("lambda", "POST .*/versions$", "latency", null, 1500L, null);
        Path out = work.resolve("inflight.out");
        Process tune = TuneSteps.start(cloud, out, List.of("tune", "--memory", "128,256", "--invocations", "2", "--no-refine",
                "--dir", dir.toString()));
        while (tune.isAlive() && !(Files.exists(TuneJournal.file(dir))
                && Files.readString(TuneJournal.file(dir)).matches("(?s).*\"pending\" : \\[\\s*\"lamb tune.*"))) {
            Thread.sleep(5);
        }
        Thread.sleep(500);  // the request reaches the cloud, which holds it
        tune.destroyForcibly().waitFor();
        String output = Files.readString(out);
        Thread.sleep(2000);  // the cloud finishes the publish lamb no longer waits for
        cloud.local().faults().clear();
        assertTrue(cloud.versions("inflight").size() > before.versions().size(), "the version was published: " + output);

        Lamb.Run restore = cloud.lamb("tune", "--restore", "--dir", dir.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertEquals(before, state("inflight"), restore.err());
    }

    @Test
    void restoreFindsLeftoversByTheirDescriptionWithoutAJournal() throws Exception {
        Path dir = cloud.deployed(work, "orphans", handler("1", ""));
        FunctionState before = state("orphans");
        // $LATEST is left at the last tuning size too, described as tune describes its versions.
        leaveTuningVersions(dir, "orphans", false, 256, 512);
        assertEquals(before.versions().size() + 2, cloud.versions("orphans").size());

        Lamb.Run restore = cloud.lamb("tune", "--restore", "--dir", dir.toString());
        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.err().contains("deleted the tuning versions"), restore.err());
        assertEquals(before.versions(), cloud.versions("orphans"), "the tuning versions are gone, $LATEST is not");
        assertTrue(restore.err().contains("$LATEST is still described 'lamb tune: 512 MB"), restore.err());
        Lamb.Run again = cloud.lamb("tune", "--restore", "--dir", dir.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("nothing to restore for orphans\n", again.out(), "the outcome is the command's result, on stdout");
    }

    /**
     * What the issue saw after an interrupted tune: versions published by tune that no journal knows, and
     * $LATEST put back. Deploy's pruning must then not count them, nor rollback move the alias onto one.
     */
    @Test
    void deployPruningAndRollbackNeverCountATuningVersionAsARelease() throws Exception {
        Path dir = cloud.deployed(work, "pruned", handler("1", ""));
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml) + "\n[deploy]\nkeep_versions = 2\n");
        String first = state("pruned").aliases().get("dev");
        leaveTuningVersions(dir, "pruned", true, 256, 512);
        String tuning = cloud.versions("pruned").get(cloud.versions("pruned").size() - 1);
        Files.writeString(dir.resolve("handler.py"), handler("2", ""));
        cloud.deploy(dir);

        FunctionState after = state("pruned");
        assertTrue(after.versions().contains(first), "the earlier release is kept (keep_versions = 2 releases): " + after);
        String second = after.aliases().get("dev");

        Lamb.Run rollback = cloud.lamb("rollback", "--dir", dir.toString());
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals(first, state("pruned").aliases().get("dev"), "rollback from " + second + " goes to the earlier release");
        Lamb.Run onto = cloud.lamb("rollback", "--to", tuning, "--dir", dir.toString());
        assertEquals(2, onto.exitCode(), onto.err());
        assertTrue(onto.err().contains("is not a release"), onto.err());
        assertEquals(first, state("pruned").aliases().get("dev"));
    }

    /** Publishes tuning versions as a run does, puts $LATEST back or not, and loses the journal. */
    private static void leaveTuningVersions(Path dir, String function, boolean putLatestBack, int... sizes) throws IOException {
        TuningVersions versions = TuningVersions.begin(cloud.aws().lambda(), dir, function, "us-east-1", () -> {
            throw new AssertionError("no architecture changes");
        }, line -> {}, TuneSignals.none());
        for (int mb : sizes) {
            versions.publish(mb, "x86_64");
        }
        if (putLatestBack) {
            versions.restoreLatest();
        }
        Files.delete(TuneJournal.file(dir));
    }
}
