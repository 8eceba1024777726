package dev.lamb.tune;

import java.util.function.Consumer;

/**
 * How a sweep shows each size while it is measured: on a terminal, a bar redrawn in place as
 * invocations return (report.TerminalBars); elsewhere (pipes, CI logs), nothing until the size's one
 * finished line ({@link #lines}).
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
}
