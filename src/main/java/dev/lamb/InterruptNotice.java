package dev.lamb;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * While open, says in one line where a command stood if Ctrl-C (or a plain kill) ends the process:
 * a shutdown hook, since the signal skips catch and finally blocks, and the JVM then exits with 130.
 * Closed before a normal exit, so that it says nothing then. Any long command that changes cloud state
 * (deploy, destroy, tune) opens one with a line such as "interrupted during step 'release' (done: ...);
 * run 'lamb deploy' again to finish".
 */
public final class InterruptNotice implements AutoCloseable {
    private final Thread hook;

    private InterruptNotice(Thread hook) {
        this.hook = hook;
    }

    /** {@code line} is asked for only on an interrupt, so that it tells the state of that moment. */
    public static InterruptNotice during(Consumer<String> out, Supplier<String> line) {
        Thread hook = new Thread(() -> out.accept(line.get()), "lamb-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        return new InterruptNotice(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is saying where the command stood
        }
    }
}
