package dev.lamb.local.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** Engines for tests in other packages that must say what the machine holds (NODE_PATH of an SDK the test installed). */
public final class TestEngines {
    private TestEngines() {}

    /** An engine without limits that finds interpreters and SDKs as {@code machine} says, telling notice its notices. */
    public static LocalEngine finding(Map<String, String> machine, Consumer<String> notice) {
        return new LocalEngine(8, Duration.ofMinutes(5), spec -> MemoryLimit.none(), notice, machine);
    }
}
