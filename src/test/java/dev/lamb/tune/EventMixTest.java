package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/**
 * Issue 15 §3: tune --payloads FILE, a JSON list of {"event": ..., "weight": N} (Power Tuning's weighted payloads,
 * its #37 and #178), spread across the invocations by weight in a fixed order; the placeholders {{uuid}}, {{seq}} and
 * {{now}}; and a plain JSON array as one event, which stays one event.
 */
class EventMixTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static EventMix mix(String json) {
        return EventMix.parse(json.getBytes(StandardCharsets.UTF_8), "--payloads test.json");
    }

    private static List<String> sent(EventMix mix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new String(mix.next(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void invocationsAreSpreadByWeightInTheSameOrderAtEverySize() {
        EventMix mix = mix("[{\"event\": \"a\", \"weight\": 5}, {\"event\": \"b\", \"weight\": 3}, {\"event\": \"c\", \"weight\": 2}]");
        List<String> first = sent(mix, 10);
        assertEquals(5, first.stream().filter("\"a\""::equals).count(), first.toString());
        assertEquals(3, first.stream().filter("\"b\""::equals).count(), first.toString());
        assertEquals(2, first.stream().filter("\"c\""::equals).count(), first.toString());
        // Spread, not blocks: no event's invocations all come first.
        assertNotEquals(List.of("\"a\"", "\"a\"", "\"a\"", "\"a\"", "\"a\""), first.subList(0, 5));
        mix.restart();
        assertEquals(first, sent(mix, 10), "the next size gets the same sequence");
        assertEquals(new EventMix.Summary(3, List.of(5.0, 3.0, 2.0)), mix.summary());
    }

    @Test
    void fractionalWeightsAreSharesToo() {
        EventMix mix = mix("[{\"event\": 1, \"weight\": 0.75}, {\"event\": 2, \"weight\": 0.25}]");
        List<String> sent = sent(mix, 8);
        assertEquals(6, sent.stream().filter("1"::equals).count(), sent.toString());
    }

    @Test
    void aPlainJsonArrayGivenAsOneEventStaysOneEvent() {
        byte[] array = "[{\"event\": {\"n\": 1}, \"weight\": 3}, {\"event\": {\"n\": 2}, \"weight\": 1}]".getBytes(StandardCharsets.UTF_8);
        EventMix one = EventMix.single(array);
        assertEquals(1, one.size());
        assertArrayEquals(array, one.next(), "sent exactly as given, never read as a weighted list");
        assertArrayEquals(array, one.next());
    }

    @Test
    void placeholdersAreFilledInEveryStringForEveryInvocation() throws Exception {
        EventMix mix = EventMix.single(("{\"key\": \"order-{{uuid}}\", \"n\": \"{{seq}}\", \"at\": \"{{now}}\", "
                + "\"{{seq}}-id\": [\"{{uuid}}\", 7, true], \"plain\": 1.5}").getBytes(StandardCharsets.UTF_8));
        JsonNode first = JSON.readTree(mix.next());
        JsonNode second = JSON.readTree(mix.next());
        assertEquals("1", first.get("n").asText());
        assertEquals("2", second.get("n").asText());
        assertTrue(first.get("key").asText().startsWith("order-"));
        UUID.fromString(first.get("key").asText().substring("order-".length()));
        assertNotEquals(first.get("key"), second.get("key"), "a new UUID every invocation");
        assertNotEquals(first.get("key").asText().substring(6), first.get("1-id").get(0).asText(), "and every place it appears");
        Instant.parse(first.get("at").asText());
        assertTrue(first.has("1-id") && second.has("2-id"), "keys are strings too");
        assertEquals(7, first.get("1-id").get(1).asInt());
        assertEquals(1.5, first.get("plain").asDouble());
    }

    @Test
    void anEventWithoutPlaceholdersIsSentAsItIs() {
        byte[] event = "{ \"spaced\" :  1 }".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(event, EventMix.single(event).next());
        assertFalse(EventPlaceholders.holdsAny(event));
    }

    @Test
    void aBadFileIsOneLineNamingWhatIsWrongExit2() throws Exception {
        for (String[] bad : new String[][] {
            {"{\"event\": 1, \"weight\": 1}", "must be a non-empty JSON list"},
            {"[]", "must be a non-empty JSON list"},
            {"[1, 2]", "entry 1 has no \"event\""},
            {"[{\"event\": 1}]", "entry 1's \"weight\" must be a number above 0, not missing"},
            {"[{\"event\": 1, \"weight\": 1}, {\"event\": 2, \"weight\": 0}]", "entry 2's \"weight\" must be a number above 0, not 0"},
            {"[{\"event\": 1, \"weight\": -2}]", "must be a number above 0, not -2"},
            {"[{\"event\": 1, \"weight\": \"3\"}]", "must be a number above 0, not \"3\""},
            {"[{\"event\": 1, \"weight\": 1, \"wieght\": 2}]", "entry 1 has \"wieght\", which is neither"},
            {"[{\"event\": 1, ", "is not JSON"},
        }) {
            Path file = dir.resolve("payloads.json");
            Files.writeString(file, bad[0]);
            LambException e = assertThrows(LambException.class, () -> EventMix.read(file), bad[0]);
            assertEquals(ExitCode.USAGE, e.exitCode(), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().startsWith("--payloads " + file), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        LambException missing = assertThrows(LambException.class, () -> EventMix.read(dir.resolve("none.json")));
        assertEquals(ExitCode.USAGE, missing.exitCode());
    }
}
