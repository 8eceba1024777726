package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The versions a stage's alias served, kept in its description within Lambda's 256 characters, and rollback's way back. */
class AliasHistoryTest {
    @Test
    void eachMoveAddsTheVersionLeftAndRollbackGoesBackPastDeletedOnes() {
        String description = AliasHistory.afterMove(AliasHistory.afterMove(AliasHistory.created(), "2"), "5");
        assertEquals("lamb: served before: 2 5", description);
        AliasHistory history = AliasHistory.of(description).orElseThrow();
        assertEquals(Optional.of(new AliasHistory.Back("2", "lamb: served before:")), history.back(Set.of("2")::contains),
                "version 5 was deleted since");
        assertEquals(Optional.empty(), AliasHistory.of("lamb: served before:").orElseThrow().back(v -> true));
    }

    @Test
    void aDescriptionLambDidNotWriteIsLeftAndHasNoHistory() {
        assertNull(AliasHistory.afterMove("the orders API's stable alias", "3"));
        assertEquals(Optional.empty(), AliasHistory.of("the orders API's stable alias"));
        assertEquals(Optional.empty(), AliasHistory.of(null), "an alias an older lamb made");
        assertEquals("lamb: served before: 3", AliasHistory.afterMove(null, "3"));
    }

    @Test
    void theOldestVersionsGoFirstToFitLambdasLimit() {
        String description = AliasHistory.created();
        for (int v = 1000; v < 1100; v++) {
            description = AliasHistory.afterMove(description, Integer.toString(v));
        }
        assertTrue(description.length() <= 256, description);
        List<String> kept = AliasHistory.of(description).orElseThrow().versions();
        assertEquals("1099", kept.get(kept.size() - 1));
        assertEquals(List.of(), AliasHistory.of(description).orElseThrow().versions().stream().filter(v -> v.equals("1000")).toList());
    }
}
