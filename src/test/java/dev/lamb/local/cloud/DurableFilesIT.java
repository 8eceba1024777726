package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Processes;

/**
 * The all-or-nothing writes under the local cloud's stores, on a disk that really is full: a 64 KB tmpfs
 * (mounting one needs root; elsewhere the test is skipped, and the stores' tests cover a refused write);
 * and the writes synced in the background, in place when they return.
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
        DurableFiles.replaceSyncedSoon(file, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        DurableFiles.replaceSyncedSoon(file, "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"v\":2}", Files.readString(file), "readable at once: a kill after the answer keeps it");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        DurableFiles.deleteSyncedSoon(work.resolve("gone.json"));
        DurableFiles.awaitSynced();
        try (var left = Files.list(work)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left");
        }
    }
}
