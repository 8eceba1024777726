package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.SyncFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Processes;

/**
 * The all-or-nothing writes under the local cloud's stores, on a disk that really is full: a 64 KB tmpfs
 * (mounting one needs root; elsewhere the test is skipped, and the stores' tests cover a refused write);
 * and the writes synced in the background (BackgroundSync), in place when they return, a failed sync refusing the
 * next change, and a sync thread that dies or hangs holding no one's close.
 */
class DurableFilesIT {
    @TempDir
    Path work;

    @Test
    void aRecordThatDoesNotFitLeavesTheFileAsItWas() throws IOException {
        Path disk = work.resolve("disk");
        Files.createDirectories(disk);
        Processes.Result mount = Processes.run(work, Map.of(), 30,
                List.of("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()));
        Assumptions.assumeTrue(mount.exitCode() == 0, "cannot mount a tmpfs here (needs root): " + mount.output());
        try {
            Path file = disk.resolve("events.jsonl");
            byte[] kept = "[{\"t\":1}]\n".getBytes(StandardCharsets.UTF_8);
            DurableFiles.append(file, kept, true);
            byte[] tooBig = new byte[256 * 1024];
            assertThrows(IOException.class, () -> DurableFiles.append(file, tooBig, true));
            assertArrayEquals(kept, Files.readAllBytes(file), "a full disk leaves no part of the record");
            assertThrows(IOException.class, () -> DurableFiles.replace(file, tooBig));
            assertArrayEquals(kept, Files.readAllBytes(file), "nor half a replacement");
            try (var left = Files.list(disk)) {
                assertEquals(List.of(file), left.toList(), "no temporary file is left");
            }
        } finally {
            Processes.run(work, Map.of(), 30, List.of("umount", disk.toString()));
        }
    }

    @Test
    void aLineCutShortIsCutOffAndWholeLinesStay() throws IOException {
        Path file = work.resolve("events.jsonl");
        Files.writeString(file, "[1]\n[2]\n[3, 4, 5");
        assertEquals(8, DurableFiles.repairTail(file));
        assertEquals("[1]\n[2]\n", Files.readString(file));
        Files.writeString(file, "no newline at all");
        assertEquals(0, DurableFiles.repairTail(file));
        assertEquals("", Files.readString(file));
    }

    @Test
    void aChangeSyncedSoonIsInPlaceWhenItReturnsWholeAndPrivate() throws IOException {
        Path file = work.resolve("f.json");
        try (BackgroundSync syncer = new BackgroundSync("test files")) {
            syncer.replace(file, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
            syncer.replace(file, "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
            assertEquals("{\"v\":2}", Files.readString(file), "readable at once: a kill after the answer keeps it");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            syncer.delete(work.resolve("gone.json"));
            assertEquals(List.of(), syncer.awaitSynced(Duration.ofSeconds(10)), "every change synced");
        }
        try (var left = Files.list(work)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left");
        }
    }

    /**
     * A disk that fails its fsync (EIO, or ENOSPC for blocks ext4 allocates only then) cannot be had on demand, so
     * the sync fails through BackgroundSync's seam for the disk's sync. The README: a write that fails answers 500;
     * the write already answered cannot be, so the next one is refused, naming the disk's error, and the log says it.
     */
    @Test
    void aSyncThatFailsRefusesTheNextChangeNamingTheDisksError() throws IOException {
        List<String> log = new CopyOnWriteArrayList<>();
        Path first = work.resolve("first.json");
        Path second = work.resolve("second.json");
        try (BackgroundSync syncer = new BackgroundSync("test files", f -> {
            throw new IOException("Input/output error");
        }, log::add)) {
            syncer.replace(first, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of(first), syncer.awaitSynced(Duration.ofSeconds(10)), "the file whose sync failed is not synced");

            SyncFailedException refused = assertThrows(SyncFailedException.class,
                    () -> syncer.replace(second, "{}".getBytes(StandardCharsets.UTF_8)));
            assertTrue(refused.getMessage().contains("could not sync " + first + " to disk: Input/output error"), refused.getMessage());
            assertTrue(Files.notExists(second), "the refused change is not made");
            assertThrows(SyncFailedException.class, () -> syncer.delete(first));
            assertTrue(Files.exists(first), "nor a refused deletion");
            assertEquals(Optional.of(refused.getMessage()), syncer.failure(), "the failure is there to report (health)");
            assertEquals(1, log.size(), "said once in the log: " + log);
            assertTrue(log.get(0).startsWith("lamb local cloud: could not sync " + first), log.get(0));
        }
    }

    @Test
    void aSyncThreadThatDiesLeavesCloseFreeToReturnAndSaysWhatWasNotSynced() throws IOException {
        List<String> log = new CopyOnWriteArrayList<>();
        Path file = work.resolve("f.json");
        BackgroundSync syncer = new BackgroundSync("test files", f -> {
            throw new AssertionError("the sync thread dies");
        }, log::add);
        syncer.replace(file, "{}".getBytes(StandardCharsets.UTF_8));

        assertTimeoutPreemptively(Duration.ofSeconds(5), syncer::close, "close waits for a dead thread no longer");

        assertTrue(log.stream().anyMatch(l -> l.contains("stopped before 1 change(s) to test files were synced to disk: [" + file + "]")),
                "the log names what was not synced: " + log);
        assertTrue(syncer.failure().orElseThrow().contains("the thread that syncs test files to disk stopped"), syncer.failure().get());
        assertThrows(SyncFailedException.class, () -> syncer.replace(file, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSyncThatHangsHoldsTheWaitOnlyAsLongAsAsked() throws Exception {
        CountDownLatch disk = new CountDownLatch(1);
        Path file = work.resolve("f.json");
        try (BackgroundSync syncer = new BackgroundSync("test files", f -> await(disk), line -> { })) {
            syncer.replace(file, "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of(file), syncer.awaitSynced(Duration.ofMillis(200)), "a hung sync is waited for as long as asked");
            disk.countDown();
            assertEquals(List.of(), syncer.awaitSynced(Duration.ofSeconds(10)));
        }
    }

    /** Each store has its own sync thread (each cloud of a JVM its own stores): closing one waits for its changes only. */
    @Test
    void twoStoresSyncAndCloseIndependently() throws Exception {
        CountDownLatch otherDisk = new CountDownLatch(1);
        BackgroundSync other = new BackgroundSync("the other cloud's files", f -> await(otherDisk), line -> { });
        try {
            other.replace(work.resolve("other.json"), "{}".getBytes(StandardCharsets.UTF_8));
            BackgroundSync mine = new BackgroundSync("this cloud's files");
            mine.replace(work.resolve("mine.json"), "{}".getBytes(StandardCharsets.UTF_8));
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(List.of(), mine.awaitSynced(Duration.ofSeconds(5))));
            assertTimeoutPreemptively(Duration.ofSeconds(5), mine::close, "closing one store does not wait for the other's disk");
        } finally {
            otherDisk.countDown();
            other.close();
        }
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
