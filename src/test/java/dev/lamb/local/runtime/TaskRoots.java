package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

/** Where a function sees its task root: the one given, or, when lamb runs as root, the copy its user can read. */
final class TaskRoots {
    private TaskRoots() {}

    static void assertSeen(Path given, String seen) {
        assertTrue(seen.equals(given.toString()) || seen.matches(".*/lamb-runtime-[0-9]+/shared/[0-9]+/" + given.getFileName()),
                "the function's task root is " + seen + ", neither " + given + " nor a copy of it");
    }
}
