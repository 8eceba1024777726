package dev.lamb.tune.report;

import java.io.PrintWriter;

import dev.lamb.tune.SizeProgress;

/** The sweep's progress on a terminal: a bar per size, redrawn with a carriage return, then replaced by its finished line. */
public final class TerminalBars implements SizeProgress {
    private static final int WIDTH = 30;

    private final PrintWriter err;

    public TerminalBars(PrintWriter err) {
        this.err = err;
    }

    @Override
    public Bar start(String label, int planned) {
        return new Bar() {
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
