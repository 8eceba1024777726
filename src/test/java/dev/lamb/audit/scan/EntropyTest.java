package dev.lamb.audit.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Shannon entropy and truffleHog v2's thresholds: runs longer than 20, base64 over 4.5, hex over 3.0 bits a character. */
class EntropyTest {
    private final FakeSecrets fake = new FakeSecrets(3);

    @Test
    void bitsACharacterAreShannonsEntropy() {
        assertEquals(0.0, Entropy.bits("aaaa"), 1e-9);
        assertEquals(1.0, Entropy.bits("abab"), 1e-9);
        assertEquals(2.0, Entropy.bits("abcd"), 1e-9);
        assertEquals(4.0, Entropy.bits("0123456789abcdef"), 1e-9);
    }

    @Test
    void onlyRunsLongerThanTwentyCharactersCount() {
        assertEquals(List.of(), Entropy.highRuns("0123456789abcdef0123"), "20 hex digits");
        assertEquals(List.of("0123456789abcdef01234"), Entropy.highRuns("0123456789abcdef01234").stream().map(Entropy.Run::text).toList());
        assertTrue(Entropy.highRuns("0123456789abcdef01234").get(0).hex());
    }

    @Test
    void randomKeysCrossTheLimitsAndTextDoesNot() {
        String base64 = fake.of(FakeSecrets.BASE64, 40);
        List<Entropy.Run> runs = Entropy.highRuns("key: \"" + base64 + "\"");
        assertEquals(1, runs.size());
        assertEquals(base64, runs.get(0).text());
        assertTrue(runs.get(0).bits() > Entropy.BASE64_LIMIT);
        assertEquals(1, Entropy.highRuns(fake.of(FakeSecrets.HEX, 32)).size(), "a random 128-bit hex key");
        assertEquals(List.of(), Entropy.highRuns("ThisIsAVeryLongIdentifierName"), "a long camelCase name");
        assertEquals(List.of(), Entropy.highRuns("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertEquals(List.of(), Entropy.highRuns("12345678901234567890123456"), "a number");
    }
}
