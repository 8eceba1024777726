package dev.lamb.local.cloud;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids: version 4 UUIDs, as AWS's request ids are, also in temporary files' names. From a generator that needs
 * no SecureRandom, whose start (~20 ms, several times that on a busy machine) would fall on a starting cloud's pid
 * file and first answers; an id is no secret.
 */
final class RandomIds {
    private RandomIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
