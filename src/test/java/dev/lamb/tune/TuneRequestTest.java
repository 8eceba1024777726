package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;

/**
 * Issue 13 §4: tune's flag rules and lamb.toml defaults live in the core, in the request built once from
 * the flags. The messages are the ones `lamb tune` has always printed (TuneCommandIT checks them end to end).
 */
class TuneRequestTest {
    private static final String TOML = """
            [function]
            name = "hello"
            runtime = "python3.13"
            handler = "handler.handler"
            architecture = "arm64"
            """;

    @TempDir
    Path dir;

    private ProjectConfig config(String extra) {
        try {
            Files.writeString(dir.resolve(ProjectConfigLoader.FILE), TOML + extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ProjectConfigLoader.load(dir);
    }

    @Test
    void lambTomlGivesTheSizesTheArchitectureAndTheInvocations() {
        TuneRequest r = TuneRequest.from(config("[tune]\nmemory = \"128,256\"\ninvocations = 7\n")).build(line -> {});
        assertEquals(List.of(128, 256), r.sizes());
        assertEquals(List.of("arm64"), r.architectures());
        assertEquals(7, r.invocations());
        assertFalse(r.sampleUntilKnown());
        assertEquals(7, r.firstBatch());
        assertEquals(8, r.mostPerSize(), "the cold start is one more");
        assertEquals(TuneRequest.Mode.MEASURE, r.mode());
    }

    @Test
    void flagsBeatLambToml() {
        TuneRequest r = TuneRequest.from(config("[tune]\nmemory = \"128,256\"\ninvocations = 7\n")).memory("512")
                .arch("x86_64,arm64").invocations(3, false).build(line -> {});
        assertEquals(List.of(512), r.sizes());
        assertEquals(List.of("x86_64", "arm64"), r.architectures());
        assertEquals(3, r.invocations());
    }

    @Test
    void withoutACountEachSizeIsSampledUntilKnown() {
        TuneRequest r = TuneRequest.from(config("")).build(line -> {});
        assertNull(r.invocations());
        assertTrue(r.sampleUntilKnown());
        assertEquals(TuneRequest.FIRST_BATCH, r.firstBatch());
        assertEquals(TuneRequest.MOST_PER_SIZE + 1, r.mostPerSize());
        // --auto wins over tune.invocations
        assertTrue(TuneRequest.from(config("[tune]\ninvocations = 7\n")).invocations(null, true).build(line -> {})
                .sampleUntilKnown());
    }

    @Test
    void eachRuleBetweenTheFlagsIsAUsageErrorThatSaysWhatToDo() {
        assertUsage("--cold publishes a version for every invocation: say how many with --invocations N",
                TuneRequest.from(config("")).cold(true));
        assertUsage("--output csv is the table of measured sizes, and --dry-run measures none: use text or json",
                TuneRequest.from(config("")).mode(true, false).csv(true));
        assertUsage("--output csv is the table of measured sizes, and --restore measures none: use text or json",
                TuneRequest.from(config("")).mode(false, true).csv(true));
        assertUsage("--save writes what --apply sets: add --apply", TuneRequest.from(config("")).apply(false, true));
        assertUsage("--concurrency 0 is out of range: 1..100", TuneRequest.from(config("")).concurrency(0));
        assertUsage("--invocations 10001 is out of range: 1..10000", TuneRequest.from(config("")).invocations(10001, false));
        assertUsage("cold-start rate 1.5 is not a share: give a number in 0..1",
                TuneRequest.from(config("")).costs(1.5, null, null));
        assertUsage("--price-gb-s -1.0 is not a price: give USD per GB-second, above 0",
                TuneRequest.from(config("")).costs(null, -1.0, null));
        assertUsage("--optimize fast is not a strategy: choose cost, speed or balanced",
                TuneRequest.from(config("")).optimize("fast", null, null));
    }

    @Test
    void theEventIsMadeOnlyOnceTheFlagsAreRight() {
        List<String> made = new ArrayList<>();
        assertThrows(LambException.class, () -> TuneRequest.from(config("")).concurrency(0).event(() -> {
            made.add("event");
            return new byte[0];
        }).build(line -> {}));
        assertEquals(List.of(), made);
    }

    @Test
    void aSweepOfManySizesIsWarnedAbout() {
        List<String> warnings = new ArrayList<>();
        TuneRequest.from(config("")).memory("128..4096:64").build(warnings::add);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("lamb: warning: --memory 128..4096:64 is 63 sizes, more than 40"), warnings.get(0));
    }

    private static void assertUsage(String message, TuneRequest.Builder builder) {
        LambException e = assertThrows(LambException.class, () -> builder.build(line -> {}));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(message, e.getMessage());
    }

    /** Issue 15 §3: a JSON array given as --payload is one event; only --payloads reads a weighted list. */
    @Test
    void aJsonArrayPayloadIsOneEventAndPayloadsIsTheWeightedList() throws IOException {
        byte[] array = "[{\"event\": 1, \"weight\": 2}]".getBytes(StandardCharsets.UTF_8);
        TuneRequest one = TuneRequest.from(config("")).event(() -> array).build(line -> {});
        assertEquals(1, one.events().size());
        assertEquals(new String(array, StandardCharsets.UTF_8),
                new String(one.events().next(), StandardCharsets.UTF_8));

        Path file = dir.resolve("mix.json");
        Files.writeString(file, "[{\"event\": {\"a\": 1}, \"weight\": 2}, {\"event\": {\"b\": 1}, \"weight\": 1}]");
        TuneRequest mixed = TuneRequest.from(config("")).payloads(file, false).provisioned(true).build(line -> {});
        assertEquals(2, mixed.events().size());
        assertTrue(mixed.provisioned());

        LambException both = assertThrows(LambException.class,
                () -> TuneRequest.from(config("")).payloads(file, true).build(line -> {}));
        assertEquals(ExitCode.USAGE, both.exitCode());
        assertEquals("--payloads gives the events to send: leave out --event, --payload and --query", both.getMessage());
        LambException few = assertThrows(LambException.class,
                () -> TuneRequest.from(config("")).payloads(file, false).invocations(1, false).build(line -> {}));
        assertTrue(few.getMessage().startsWith("--invocations 1 is fewer than the 2 events of --payloads"), few.getMessage());
    }
}
