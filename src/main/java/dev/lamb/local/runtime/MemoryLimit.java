package dev.lamb.local.runtime;

import java.util.OptionalLong;

/**
 * The resources an instance may use, as Lambda sizes them from the memory setting. Where the machine
 * allows no limits, {@link #none()} runs the instance unlimited and memory is measured from /proc.
 */
interface MemoryLimit extends AutoCloseable {
    /** Puts the process (and so the children it starts later) under the limit. */
    void attach(long pid);

    /** The peak memory the limit measured, when it measures one. */
    OptionalLong peakKb();

    /** True when the instance was killed for using more memory than its size. */
    boolean killedForMemory();

    @Override
    void close();

    static MemoryLimit none() {
        return new MemoryLimit() {
            @Override
            public void attach(long pid) {}

            @Override
            public OptionalLong peakKb() {
                return OptionalLong.empty();
            }

            @Override
            public boolean killedForMemory() {
                return false;
            }

            @Override
            public void close() {}
        };
    }
}
