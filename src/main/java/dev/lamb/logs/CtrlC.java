package dev.lamb.logs;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C as the normal end of a follow: the first one stops it (the command then exits 0), a second one
 * exits at once with 130. Without the handler the JVM would die of the signal with 130.
 */
public final class CtrlC implements AutoCloseable {
    private final SignalHandler previous;

    private CtrlC(SignalHandler previous) {
        this.previous = previous;
    }

    public static CtrlC stops(StopSignal stop) {
        try {
            Signal interrupt = new Signal("INT");
            SignalHandler previous = Signal.handle(interrupt, signal -> {
                if (stop.stopped()) {
                    Runtime.getRuntime().halt(130);
                }
                stop.stop();
            });
            return new CtrlC(previous);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return new CtrlC(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
