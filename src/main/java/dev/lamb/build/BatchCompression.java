package dev.lamb.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The compression of a batch of entries for {@link DeterministicZip}, on a pool thread or the writing one: each entry
 * deflated into the batch's slab, or stored when deflating would not make it smaller or its first bytes say it is
 * already compressed.
 */
final class BatchCompression {
    static final int LEVEL = 6;
    /** A new slab's size: a batch's data, deflated, usually fits. */
    private static final int SLAB = 256 << 10;

    /** Entries of at least PROBE_FROM bytes whose first PROBE_BYTES deflate by less than 1/32 are stored. */
    static final int PROBE_FROM = 256 << 10;
    private static final int PROBE_BYTES = 64 << 10;

    private static final ThreadLocal<Deflater> PROBE = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));

    private BatchCompression() {}

    /**
     * Reads each source of a batch once, whole, and deflates it into one shared array (a slab), entry after entry.
     * Its bytes are what the zip records, whatever size was listed; one that has grown too big to hold in memory is
     * marked to be streamed instead. The reading happens in the thread's own buffer, reused from entry to entry, and the
     * deflating straight into the slab, which the writer hands back for reuse once written: an entry costs no array of
     * its own, and a package no garbage in proportion to its size. Batching makes one hand-off between threads serve
     * many small files.
     */
    static Batch compressed(List<DeterministicZip.Named> batch, Buffers buffers, Slabs slabs) throws IOException {
        Slab slab = new Slab(slabs.take());
        Compressed[] results = new Compressed[batch.size()];
        for (int i = 0; i < results.length; i++) {
            try {
                results[i] = compress(batch.get(i).source(), buffers, slab);
            } catch (IOException | RuntimeException e) {
                // Kept at its place: the entries before it are written (and their notes given) first, as one at a time.
                return new Batch(slab.bytes, results, e);
            } finally {
                buffers.shrink();
            }
        }
        return new Batch(slab.bytes, results, null);
    }

    private static Compressed compress(ZipSource source, Buffers buffers, Slab slab) throws IOException {
        byte[] raw = buffers.raw((int) source.size() + 1);
        int size = 0;
        try (InputStream in = source.content().open()) {
            for (int n; (n = in.read(raw, size, raw.length - size)) >= 0; ) {
                size += n;
                if (size == raw.length) {
                    if (size > DeterministicZip.STREAMED_ABOVE) {
                        return Compressed.STREAM;
                    }
                    raw = buffers.raw((int) Math.min(DeterministicZip.STREAMED_ABOVE + 1, 2L * size));
                }
            }
        } catch (NoSuchFileException e) {
            return Compressed.VANISHED;
        }
        if (source.screened()) {
            Optional<String> secret = SecretFiles.byContent(source.name(), raw, size);
            if (secret.isPresent()) {
                return Compressed.secret(secret.get());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(raw, 0, size);
        // Deflate into room the size of the input: if it fills up, storing is smaller.
        byte[] out = slab.room(size);
        int start = slab.length;
        if (size > 0 && !alreadyCompressed(raw, size)) {
            Deflater deflater = buffers.deflater;
            deflater.reset();
            deflater.setInput(raw, 0, size);
            deflater.finish();
            int length = 0;
            while (!deflater.finished() && length < size) {
                length += deflater.deflate(out, start + length, size - length);
            }
            if (deflater.finished() && length < size) {
                slab.length += length;
                return new Compressed(start, length, ZipRecords.DEFLATED, crc.getValue(), size, null);
            }
        }
        System.arraycopy(raw, 0, out, start, size);
        slab.length += size;
        return new Compressed(start, size, ZipRecords.STORED, crc.getValue(), size, null);
    }

    /**
     * Whether data of {@code length} bytes starting with {@code head} is already compressed: long enough to be probed,
     * and its first bytes deflate by less than 1/32. The same bytes always give the same answer.
     */
    static boolean alreadyCompressed(byte[] head, long size) {
        if (size < PROBE_FROM) {
            return false;
        }
        Deflater probe = PROBE.get();
        probe.reset();
        probe.setInput(head, 0, PROBE_BYTES);
        probe.finish();
        byte[] out = new byte[PROBE_BYTES - PROBE_BYTES / 32];
        int length = 0;
        while (!probe.finished() && length < out.length) {
            length += probe.deflate(out, length, out.length - length);
        }
        return !probe.finished();
    }

    /** One thread's room to compress in, reused from entry to entry: the source's bytes and a Deflater. */
    static final class Buffers {
        /**
         * Room kept between entries: a big entry's array is dropped after it, as it is outside DeterministicZip's
         * MAX_BYTES_IN_FLIGHT.
         */
        private static final int MAX_KEPT_BYTES = 1 << 20;
        private static final int FIRST = 1 << 16;
        final Deflater deflater = new Deflater(LEVEL, true);
        private byte[] raw = new byte[FIRST];

        void shrink() {
            raw = raw.length > MAX_KEPT_BYTES ? new byte[FIRST] : raw;
        }

        /** At least {@code bytes} of room for a source, holding what the last call's array held. */
        byte[] raw(int bytes) {
            if (raw.length < bytes) {
                raw = Arrays.copyOf(raw, bytes);
            }
            return raw;
        }
    }

    /** The array a batch's entries are deflated into, one after another, and how much of it they fill. */
    private static final class Slab {
        private byte[] bytes;
        private int length;

        Slab(byte[] bytes) {
            this.bytes = bytes;
        }

        /** The array, with room for {@code bytes} more after what it holds. */
        byte[] room(int more) {
            if (bytes.length - length < more) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * bytes.length, (long) length + more)));
            }
            return bytes;
        }
    }

    /**
     * Slabs the writer is done with, for the next batches: a few, none over {@link Buffers#MAX_KEPT_BYTES}, so what waits
     * here stays small beside what is in flight.
     */
    static final class Slabs {
        private static final int MAX_FREE_SLABS = 16;
        private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(MAX_FREE_SLABS);

        byte[] take() {
            byte[] bytes = free.poll();
            return bytes != null ? bytes : new byte[SLAB];
        }

        void give(byte[] bytes) {
            if (bytes.length <= Buffers.MAX_KEPT_BYTES) {
                free.offer(bytes);
            }
        }
    }

    /**
     * A batch's entries, compressed: each one's data is a range of {@code bytes}; when reading one failed, the entries
     * from it on are null and {@code failure} says why.
     */
    record Batch(byte[] bytes, Compressed[] entries, Exception failure) {
        /** The failure of the first null entry, thrown as compressing it alone would have thrown it. */
        IOException failedAt() throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw (RuntimeException) failure;
        }
    }

    /**
     * Where an entry's data lies in its batch's array, and its size unzipped, or why it has none: {@code skipped} is
     * "stream" or "vanished" or what secret it holds.
     */
    record Compressed(int offset, int length, int method, long crc, int size, String skipped) {
        static final Compressed STREAM = new Compressed(0, 0, 0, 0, 0, "stream");
        static final Compressed VANISHED = new Compressed(0, 0, 0, 0, 0, "vanished");

        static Compressed secret(String holds) {
            return new Compressed(0, 0, 0, 0, 0, holds);
        }
    }
}
