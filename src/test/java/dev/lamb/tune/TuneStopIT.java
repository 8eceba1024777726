package dev.lamb.tune;

import static dev.lamb.tune.TuneSteps.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.tune.TuneSteps.FunctionState;

/**
 * Issue 11, section 2: `lamb tune` as a process of its own, stopped from outside: SIGTERM is handled as Ctrl-C, and
 * Ctrl-C before anything changed says so in one line (section 6); a run killed with -9 while Lambda publishes is
 * repaired by --restore, which also finds leftovers no journal knows; deploy's pruning and rollback never take a
 * tuning version for a release. (Apart from TuneInterruptIT's sweeps, so that CI runs them side by side.)
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneStopIT {
    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    /** Two sizes, 1 cold + 2 warm invocations each. */
    static final List<String> SWEEP = List.of("--memory", "128,256", "--invocations", "2", "--no-refine");

    static FunctionState state(String function) {
        return FunctionState.of(cloud, function);
    }

    /** `lamb tune` on the project in {@code dir}, as a process of its own, printing into NAME.out beside it. */
    static Process startTune(Path dir) {
        List<String> command = new ArrayList<>(List.of("tune", "--dir", dir.toString()));
        command.addAll(SWEEP);
        return TuneSteps.start(cloud, output(dir), command);
    }

    static Path output(Path dir) {
        return work.resolve(dir.getFileName() + ".out");
    }

    private static void signal(long pid, String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
    }

    @AfterEach
    void noFaults() {
        cloud.local().faults().clear();
    }

    @Test
    void sigtermIsHandledAsCtrlC() throws Exception {
        Path dir = cloud.deployed(work, "termed", handler("1", ""));
        FunctionState before = state("termed");
        Process tune = startTune(dir);
        while (tune.isAlive() && cloud.versions("termed").size() == before.versions().size()) {
            Thread.sleep(5);
        }
        signal(tune.pid(), "TERM");
        assertTrue(tune.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(output(dir));
        assertEquals(130, tune.exitValue(), output);
        assertEquals(before, state("termed"), output);
    }

    /** Issue 11, section 6: Ctrl-C before anything changed (here while the cold-start rate is read) also ends with one line. */
    @Test
    void ctrlCBeforeTheFirstChangeSaysNothingWasChanged() throws Exception {
        Path dir = cloud.deployed(work, "early", handler("1", ""));
        FunctionState before = state("early");
        cloud.local().faults().add("logs", "FilterLogEvents", "latency", null, 3000L, 1);
        Process tune = startTune(dir);
        while (tune.isAlive() && !Boolean.TRUE.equals(cloud.local().faults().list().get(0).get("spent"))) {
            Thread.sleep(5);
        }
        signal(tune.pid(), "INT");
        assertTrue(tune.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(output(dir));
        assertEquals(130, tune.exitValue(), output);
        List<String> lines = output.strip().lines().toList();
        assertEquals("lamb: interrupted during step 'prepare' (done: nothing; early was not changed)", lines.get(lines.size() - 1),
                output);
        assertEquals(before, state("early"));
    }

    @Test
    void aPublishKilledInFlightIsFoundFromTheJournalByRestore() throws Exception {
        Path dir = cloud.deployed(work, "inflight", handler("1", ""));
        FunctionState before = state("inflight");
        // The publish is held 1.5 s by the cloud: lamb is killed while it waits for the answer, which it never reads.
        cloud.local().faults().add("lambda", "POST .*/versions$", "latency", null, 1500L, null);
        Process tune = startTune(dir);
        while (tune.isAlive() && !(Files.exists(TuneJournal.file(dir))
                && Files.readString(TuneJournal.file(dir)).matches("(?s).*\"pending\" : \\[\\s*\"lamb tune.*"))) {
            Thread.sleep(5);
        }
        Thread.sleep(500);  // the request reaches the cloud, which holds it
        tune.destroyForcibly().waitFor();
        String output = Files.readString(output(dir));
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
        }, line -> {}, TuneSignals.none(), null);
        for (int mb : sizes) {
            versions.publish(mb, "x86_64");
        }
        if (putLatestBack) {
            versions.restoreLatest();
        }
        Files.delete(TuneJournal.file(dir));
    }
}
