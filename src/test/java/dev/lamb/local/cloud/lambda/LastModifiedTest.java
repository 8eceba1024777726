package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** LastModified's text is the formatter's, byte for byte, in whatever order the times come. */
class LastModifiedTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private static void same(long epochMillis) {
        assertEquals(PATTERN.format(Instant.ofEpochMilli(epochMillis)), LastModified.of(epochMillis), "at " + epochMillis);
    }

    @Test
    void everyMillisecondOfASecondAndItsNeighbours() {
        long start = 1_733_572_800_000L;
        for (long t = start - 1500; t < start + 2500; t++) {
            same(t);
        }
    }

    @Test
    void timesOutOfOrderAndFarApart() {
        Random random = new Random(18);
        for (int i = 0; i < 10_000; i++) {
            same(random.nextLong() % 300_000_000_000_000L);
        }
        for (long t : new long[] {0, -1, -999, -1000, -1001, 253_402_300_799_999L, 253_402_300_800_000L}) {
            same(t);
        }
    }
}
