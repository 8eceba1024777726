package dev.lamb.tune;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * How a sweep shows each size while it is measured: on a terminal, a bar redrawn in place as
 * invocations return; elsewhere (pipes, CI logs), nothing until the size's one finished line.
 */
public interface SizeProgress {
    /** The bar of one size: {@code planned} invocations, or 0 when not known in advance (--auto). */
    Bar start(String label, int planned);

    interface Bar {
        void tick();

        void done(String line);
    }

    /** Only the finished line of each size, through {@code lines}. */
    static SizeProgress lines(Consumer<String> lines) {
        return (label, planned) -> new Bar() {
            @Override
            public void tick() {}

            @Override
            public void done(String line) {
                lines.accept(line);
            }
        };
    }

    /** A bar on a terminal, redrawn with a carriage return, then replaced by the finished line. */
    static SizeProgress terminal(PrintWriter err) {
        return (label, planned) -> new Bar() {
            private static final int WIDTH = 30;
            private int count;

            @Override
            public synchronized void tick() {
                count++;
                String bar = planned > 0
                        ? "[" + "#".repeat(Math.min(WIDTH, count * WIDTH / planned)) + " ".repeat(WIDTH - Math.min(WIDTH, count * WIDTH / planned))
                                + "] " + count + "/" + planned
                        : count + " invocations…";
                err.print("\r" + label + " " + bar + "\u001b[K");
                err.flush();
            }

            @Override
            public synchronized void done(String line) {
                err.print("\r\u001b[K");
                err.println(line);
                err.flush();
            }
        };
    }
}
