package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function's file is synced after the CreateFunction is answered (DurableFiles): a power cut before that
 * sync can leave it empty (ext4's delayed allocation). The store still loads, leaves that one out, and keeps
 * the file aside rather than deleting what the user had.
 */
class FunctionStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void aFileAPowerCutLeftEmptyIsSetAsideAndTheRestLoads() throws IOException {
        FunctionStore store = new FunctionStore(dataDir, new CodeUnpacker());
        FunctionState kept = new FunctionState();
        kept.name = "kept";
        kept.region = "us-east-1";
        store.save(kept);
        Path functions = dataDir.resolve("lambda/functions");
        Files.write(functions.resolve("cut.json"), new byte[0]);

        List<FunctionState> loaded = new FunctionStore(dataDir, new CodeUnpacker()).loadAll();

        assertEquals(List.of("kept"), loaded.stream().map(f -> f.name).toList());
        assertTrue(Files.exists(functions.resolve("cut.json.damaged")), "the empty file is kept aside");
        assertTrue(Files.notExists(functions.resolve("cut.json")), "and is not read again at the next start");
    }
}
