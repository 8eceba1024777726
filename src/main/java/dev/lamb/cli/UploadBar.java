package dev.lamb.cli;

import java.io.PrintWriter;

import dev.lamb.ByteSizes;
import dev.lamb.deploy.UploadProgress;

/** An upload's progress on a terminal: a bar of the bytes in S3, redrawn with a carriage return, then cleared for the next line. */
final class UploadBar implements UploadProgress {
    private static final int WIDTH = 30;

    private final PrintWriter err;

    UploadBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public Meter start(String label, long total) {
        Meter meter = new Meter() {
            private long sent;

            @Override
            public synchronized void add(long bytes) {
                sent = Math.min(total, sent + bytes);
                int filled = total > 0 ? (int) (sent * WIDTH / total) : WIDTH;
                err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + ByteSizes.human(sent)
                        + " of " + ByteSizes.human(total) + "\u001b[K");
                err.flush();
            }

            @Override
            public synchronized void done() {
                err.print("\r\u001b[K");
                err.flush();
            }
        };
        meter.add(0);
        return meter;
    }
}
