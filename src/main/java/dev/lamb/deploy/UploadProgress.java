package dev.lamb.deploy;

/**
 * How an upload through S3 shows its bytes while they go: on a terminal, a bar redrawn in place (cli's UploadBar);
 * elsewhere (pipes, CI logs, --output json) nothing beyond the deploy's lines ({@link #NONE}).
 */
public interface UploadProgress {
    UploadProgress NONE = (label, total) -> new Meter() {
        @Override
        public void add(long bytes) {}

        @Override
        public void done() {}
    };

    /** The meter of one upload of {@code total} bytes, shown as {@code label}. */
    Meter start(String label, long total);

    /** Counts the bytes sent, from the part uploads' threads. */
    interface Meter {
        /** {@code bytes} more are in S3 (a part sent, or found there by a resumed upload). */
        void add(long bytes);

        /** The upload ended, finished or not: the bar gives way to the next line. */
        void done();
    }
}
