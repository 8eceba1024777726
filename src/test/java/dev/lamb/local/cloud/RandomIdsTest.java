package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Request ids keep the form of AWS's (and of UUID.randomUUID's): version 4, the IETF variant, all different. */
class RandomIdsTest {
    @Test
    void idsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RandomIds.next();
            UUID uuid = UUID.fromString(id);
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertEquals(uuid.toString(), id);
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
            assertTrue(seen.add(id), "repeated: " + id);
        }
    }
}
