package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.BackgroundSync;

/**
 * A function's file is synced after the CreateFunction is answered (DurableFiles): a power cut before that
 * sync can leave it empty (ext4's delayed allocation). The store still loads, leaves that one out, and keeps
 * the file aside rather than deleting what the user had. Only such a file: one a newer lamb wrote still loads, or
 * stops the start naming itself, and a sync that fails makes the next change answer 500 with the disk's error.
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

    @Test
    void aFileCutShortIsSetAsideAndTheRestLoads() throws IOException {
        FunctionStore store = new FunctionStore(dataDir, new CodeUnpacker());
        store.save(function("kept"));
        Path functions = dataDir.resolve("lambda/functions");
        Files.writeString(functions.resolve("cut.json"), "{\n  \"name\" : \"cut\",\n  \"region\" : \"us-ea");

        List<FunctionState> loaded = new FunctionStore(dataDir, new CodeUnpacker()).loadAll();

        assertEquals(List.of("kept"), loaded.stream().map(f -> f.name).toList());
        assertTrue(Files.exists(functions.resolve("cut.json.damaged")), "the cut file is kept aside");
    }

    @Test
    void aFieldANewerLambWroteIsIgnoredAndTheFunctionLoads() throws IOException {
        Path functions = dataDir.resolve("lambda/functions");
        Files.createDirectories(functions);
        Files.writeString(functions.resolve("newer.json"),
                "{\"name\":\"newer\",\"region\":\"us-east-1\",\"snapStart\":{\"applyOn\":\"PublishedVersions\"}}");

        List<FunctionState> loaded = new FunctionStore(dataDir, new CodeUnpacker()).loadAll();

        assertEquals(List.of("newer"), loaded.stream().map(f -> f.name).toList());
        assertTrue(Files.exists(functions.resolve("newer.json")), "and stays where it is");
    }

    @Test
    void aWholeFileThisLambCannotReadStopsTheStartNamingIt() throws IOException {
        Path functions = dataDir.resolve("lambda/functions");
        Files.createDirectories(functions);
        Path file = functions.resolve("other.json");
        Files.writeString(file, "{\"name\":\"other\",\"region\":\"us-east-1\",\"tags\":[\"a shape another lamb wrote\"]}");
        FunctionStore store = new FunctionStore(dataDir, new CodeUnpacker());

        LambException e = assertThrows(LambException.class, store::loadAll);

        assertTrue(e.getMessage().contains("cannot read the function in " + file + " (its field tags is not what this lamb writes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("move the file out of the folder"), e.getMessage());
        assertEquals(ExitCode.FAILED, e.exitCode(), "lamb local start fails (exit 1) with that one line");
        assertTrue(Files.exists(file), "the function is not set aside as if damaged");
    }

    /** No disk fails its fsync on demand: the store's sync thread gets one that does (BackgroundSync's seam). */
    @Test
    void aSyncThatFailsMakesTheNextChangeAnswer500NamingTheDisksError() {
        List<String> log = new CopyOnWriteArrayList<>();
        BackgroundSync failing = new BackgroundSync("test functions", f -> {
            throw new IOException("No space left on device");
        }, log::add);
        try (FunctionStore store = new FunctionStore(dataDir, new CodeUnpacker(), failing)) {
            store.save(function("first"));
            failing.awaitSynced(Duration.ofSeconds(10));

            AwsServiceException e = assertThrows(AwsServiceException.class, () -> store.save(function("second")));

            assertEquals(500, e.status());
            assertTrue(e.getMessage().contains("first.json to disk: No space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains("refuses further changes"), e.getMessage());
            assertThrows(AwsServiceException.class, () -> store.delete("first"));
            assertTrue(store.syncFailure().isPresent());
            assertEquals(1, log.size(), "the cloud's log says it once: " + log);
        }
    }

    private static FunctionState function(String name) {
        FunctionState fn = new FunctionState();
        fn.name = name;
        fn.region = "us-east-1";
        return fn;
    }
}
