package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.Architecture;

class MemoryRangeTest {
    @Test
    void aSpanIsAGeometricLadderOfSevenSizesOn64MbSteps() {
        // 128 × 2^(i/2): 181, 362 and 724 round to the nearest 64 MB.
        assertEquals(List.of(128, 192, 256, 384, 512, 704, 1024), MemoryRange.parse("128..1024").sizes());
    }

    @Test
    void theLadderKeepsBothEndsExactAndEveryStepBetweenIsA64Multiple() {
        List<Integer> sizes = MemoryRange.parse("200..3000").sizes();
        assertEquals(200, sizes.get(0));
        assertEquals(3000, sizes.get(sizes.size() - 1));
        assertEquals(7, sizes.size());
        sizes.subList(1, sizes.size() - 1).forEach(m -> assertEquals(0, m % 64, sizes.toString()));
    }

    @Test
    void aNarrowLadderMergesSizesThatRoundTogether() {
        assertEquals(List.of(128, 192, 256), MemoryRange.parse("128..256").sizes());
        assertEquals(List.of(1000), MemoryRange.parse("1000..1000").sizes());
        assertEquals(List.of(128, 10240), List.of(MemoryRange.parse("128..10240").min(), MemoryRange.parse("128..10240").max()));
    }

    @Test
    void aStepGivesALinearGridThatEndsAtHigh() {
        assertEquals(List.of(128, 256, 384, 512, 640, 768, 896, 1024), MemoryRange.parse("128..1024:128").sizes());
        assertEquals(List.of(128, 528, 928, 1000), MemoryRange.parse("128..1000:400").sizes());
        assertEquals(159, MemoryRange.parse("128..10240:64").sizes().size());
    }

    @Test
    void aListIsSortedAndDeduplicated() {
        assertEquals(List.of(128, 256, 512), MemoryRange.parse("512, 128,256,128").sizes());
        assertEquals(List.of(1769), MemoryRange.parse(" 1769 ").sizes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|memory 0 is out of range: memory is a whole number of MB in 128..10240",
        "64|memory 64 is out of range: memory is a whole number of MB in 128..10240",
        "20000|memory 20000 is out of range: memory is a whole number of MB in 128..10240",
        "128,64|memory 64 in '128,64' is out of range: memory is a whole number of MB in 128..10240",
        "64..1024|memory 64 in '64..1024' is out of range: memory is a whole number of MB in 128..10240",
        "1024..128|memory range '1024..128' runs backwards: LOW must not exceed HIGH",
        "128..1024:0|step 0 in '128..1024:0' is not allowed: STEP is a whole number of MB, at least 1",
        "128..1024:-64|step -64 in '128..1024:-64' is not allowed: STEP is a whole number of MB, at least 1",
        "128..10240:1|memory range '128..10240:1' has more than 200 sizes: use a larger STEP",
        // Issue 11 §10: a sentence that names the empty value and where it is
        "128,,256|an empty value in '128,,256': write LOW..HIGH, LOW..HIGH:STEP or a list like 128,256,512",
    })
    void refusesWithTheRuleAndTheBadValue(String range, String message) {
        LambException e = assertThrows(LambException.class, () -> MemoryRange.parse(range));
        assertEquals(message, e.getMessage());
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"abc", "128.5", "128..", "..1024", "128..1024:x", "128-1024", "1e3"})
    void refusesWhatIsNotARangeNamingTheValueAndTheForms(String range) {
        LambException e = assertThrows(LambException.class, () -> MemoryRange.parse(range));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("is not understood") && e.getMessage().contains("LOW..HIGH"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesAnEmptyRange() {
        for (String empty : new String[] {"", "  ", null}) {
            LambException e = assertThrows(LambException.class, () -> MemoryRange.parse(empty));
            assertEquals("no memory range given: write LOW..HIGH, LOW..HIGH:STEP or a list like 128,256,512", e.getMessage());
        }
    }

    @Test
    void architecturesAreParsedInOrderOnce() {
        assertEquals(List.of(Architecture.X86_64, Architecture.ARM64), ArchList.parse("x86_64,arm64"));
        assertEquals(List.of(Architecture.ARM64, Architecture.X86_64), ArchList.parse("arm64, x86_64,arm64"));
        assertEquals(List.of(Architecture.ARM64), ArchList.parse("ARM64"));
        assertEquals("unknown architecture 'amd64': choose x86_64 or arm64",
                assertThrows(LambException.class, () -> ArchList.parse("x86_64,amd64")).getMessage());
        assertEquals(ExitCode.USAGE, assertThrows(LambException.class, () -> ArchList.parse("x86_64,")).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(LambException.class, () -> ArchList.parse("")).exitCode());
    }
}
