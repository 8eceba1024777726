package dev.lamb.build;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.zip.CRC32;
import java.util.zip.Deflater;


/**
 * Writes a zip whose bytes depend only on the entries' names, contents and executable bits, so the
 * same code gives the same CodeSha256 on every run and every machine with the same zlib.
 *
 * <p>The format is written by hand, because java.util.zip.ZipOutputStream adds data descriptors and
 * extended-timestamp extra fields: entries sorted by the bytes of their UTF-8 names; no directory
 * entries; every time 1980-01-01 00:00:00; "version made by" Unix with mode 0644 or 0755 in the
 * external attributes; deflate level 6, or stored when deflate would not make the entry smaller, or
 * when the entry is at least 256 KiB and its first 64 KiB deflate (at the fastest level) by less than
 * 1/32: such data is already compressed (wheels, jars, images, archives, noise), and deflating it
 * is most of a large package's time for nothing; no extra fields, no comments; the UTF-8 flag only
 * on names that need it; the zip64 end records only when there are more than 65,535 entries.
 *
 * <p>Entries are deflated on several threads (the writing one among them) and written in order; entries above a few megabytes are
 * deflated (or stored) while streaming to disk, their local header patched afterwards, so memory stays bounded.
 * Each source is read once, and the zip records the bytes read: a file that changed since it was
 * listed is zipped as it was read, never checked against a second read that could disagree.
 */
final class DeterministicZip {
    /** DOS date and time of 1980-01-01 00:00:00, the earliest a zip can say. */
    static final int DOS_DATE = (1 << 5) | 1;
    static final int DOS_TIME = 0;
    static final int MODE_FILE = 0100644;
    static final int MODE_EXECUTABLE = 0100755;

    private static final int LEVEL = 6;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final int FLAG_UTF8 = 0x0800;
    private static final int MADE_BY_UNIX = (3 << 8) | 20;
    private static final int MADE_BY_UNIX_ZIP64 = (3 << 8) | 45;
    private static final long MAX_32 = 0xFFFFFFFFL;
    private static final int MAX_16 = 0xFFFF;

    static final long STREAMED_ABOVE = 8L << 20;
    private static final long MAX_BYTES_IN_FLIGHT = 64L << 20;
    private static final int MAX_ENTRIES_IN_FLIGHT = 4096;
    /** A batch is closed at this many listed bytes or entries: enough to make the hand-off between threads cheap, few
     * enough that both cores stay busy to the end. */
    private static final long BATCH_BYTES = 256 << 10;
    private static final int BATCH_ENTRIES = 256;
    /** A new slab's size: a batch's data, deflated, usually fits. */
    private static final int SLAB = 256 << 10;

    /** Entries of at least PROBE_FROM bytes whose first PROBE_BYTES deflate by less than 1/32 are stored. */
    private static final int PROBE_FROM = 256 << 10;
    private static final int PROBE_BYTES = 64 << 10;

    private static final Comparator<byte[]> BY_BYTES = Arrays::compareUnsigned;
    private static final ThreadLocal<Deflater> PROBE = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));

    private DeterministicZip() {}

    /** The total of the entries' sizes: what the zip unzips to. */
    static long unzippedSize(Collection<ZipSource> sources) {
        return sources.stream().mapToLong(ZipSource::size).sum();
    }

    /** What was written: the zip's length, what it unzips to, and how many entries it holds. */
    record Written(long length, long unzipped, int entries) {}

    /** Writes {@code sources}, in any order but with distinct names, to {@code target}. */
    static Written write(Collection<ZipSource> sources, Path target, int threads) throws IOException {
        return write(sources, target, threads, new LeftOut(null));
    }

    /**
     * As above; a source deleted before it could be read, or a screened one that holds a secret, is
     * left out of the zip and noted in {@code leftOut}.
     */
    static Written write(Collection<ZipSource> sources, Path target, int threads, LeftOut leftOut) throws IOException {
        List<Named> entries = sorted(sources);
        ExecutorService pool = Workers.pool(threads, "lamb-zip");
        // One per write, not static: the writing thread compresses too, and must not keep its buffers afterwards.
        ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);
        Slabs slabs = new Slabs();
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Writer writer = new Writer(new Output(channel), target.toAbsolutePath().getParent(), leftOut, slabs, entries);
            Deque<Pending> pending = new ArrayDeque<>();
            InFlight inFlight = new InFlight();
            List<Named> batch = new ArrayList<>();
            long batchBytes = 0;
            for (Named entry : entries) {
                long size = entry.source.size();
                if (size > STREAMED_ABOVE) {
                    submit(batch, batchBytes, pending, inFlight, writer, pool, buffers, slabs);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                    while (!pending.isEmpty()) {
                        inFlight.done(writer.writeNext(pending));
                    }
                    writer.writeStreamed(entry);
                    continue;
                }
                batch.add(entry);
                batchBytes += size;
                if (batchBytes >= BATCH_BYTES || batch.size() >= BATCH_ENTRIES) {
                    submit(batch, batchBytes, pending, inFlight, writer, pool, buffers, slabs);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
            }
            submit(batch, batchBytes, pending, inFlight, writer, pool, buffers, slabs);
            while (!pending.isEmpty()) {
                writer.writeNext(pending);
            }
            writeCentralDirectory(writer.central, writer.out);
            writer.out.flush();
            return new Written(writer.out.position(), writer.unzipped, writer.central.count);
        } finally {
            pool.shutdownNow();
            buffers.remove();
        }
    }

    /** Hands a batch of entries to the pool, once what is in flight leaves room for it (writing the oldest till then). */
    private static void submit(List<Named> batch, long bytes, Deque<Pending> pending, InFlight inFlight, Writer writer,
                               ExecutorService pool, ThreadLocal<Buffers> buffers, Slabs slabs) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        while (!pending.isEmpty() && (inFlight.bytes + bytes > MAX_BYTES_IN_FLIGHT
                || inFlight.entries + batch.size() > MAX_ENTRIES_IN_FLIGHT)) {
            inFlight.done(writer.writeNext(pending));
        }
        Pending next = new Pending(batch, bytes, pool.submit(() -> compressed(batch, buffers.get(), slabs)));
        pending.add(next);
        inFlight.bytes += bytes;
        inFlight.entries += batch.size();
    }

    private static List<Named> sorted(Collection<ZipSource> sources) {
        List<Named> named = new ArrayList<>(sources.size());
        for (ZipSource source : sources) {
            byte[] name = source.name().getBytes(StandardCharsets.UTF_8);
            if (name.length == 0 || name.length > MAX_16 || name[0] == '/' || name[name.length - 1] == '/') {
                throw new IllegalArgumentException("not a zip entry name: '" + source.name() + "'");
            }
            named.add(new Named(name, source));
        }
        named.sort((a, b) -> BY_BYTES.compare(a.name, b.name));
        for (int i = 1; i < named.size(); i++) {
            if (Arrays.equals(named.get(i - 1).name, named.get(i).name)) {
                throw new IllegalArgumentException("two zip entries named '" + named.get(i).source.name() + "'");
            }
        }
        return named;
    }

    /**
     * Reads each source of a batch once, whole, and deflates it into one shared array (a slab), entry after entry.
     * Its bytes are what the zip records, whatever size was listed; one that has grown too big to hold in memory is
     * marked to be streamed instead. The reading happens in the thread's own buffer, reused from entry to entry, and the
     * deflating straight into the slab, which the writer hands back for reuse once written: an entry costs no array of
     * its own, and a package no garbage in proportion to its size. Batching makes one hand-off between threads serve
     * many small files.
     */
    private static Batch compressed(List<Named> batch, Buffers buffers, Slabs slabs) throws IOException {
        Slab slab = new Slab(slabs.take());
        Compressed[] results = new Compressed[batch.size()];
        for (int i = 0; i < results.length; i++) {
            try {
                results[i] = compress(batch.get(i).source, buffers, slab);
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
                    if (size > STREAMED_ABOVE) {
                        return Compressed.STREAM;
                    }
                    raw = buffers.raw((int) Math.min(STREAMED_ABOVE + 1, 2L * size));
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
        if (size > 0 && !compressed(raw, size)) {
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
                return new Compressed(start, length, DEFLATED, crc.getValue(), size, null);
            }
        }
        System.arraycopy(raw, 0, out, start, size);
        slab.length += size;
        return new Compressed(start, size, STORED, crc.getValue(), size, null);
    }

    /**
     * Whether data of {@code length} bytes starting with {@code head} is already compressed: long enough to be probed,
     * and its first bytes deflate by less than 1/32. The same bytes always give the same answer.
     */
    private static boolean compressed(byte[] head, long size) {
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

    private static void writeLocalHeader(ByteBuffer b, byte[] name, int flags, int method, long crc,
                                         long compressed, long size) {
        b.putInt(0x04034b50);
        putShared(b, name.length, flags, method, crc, compressed, size);
        b.putShort((short) 0);
        b.put(name);
    }

    /** The fields a local header and its central record share: from "version needed" to the name's length. */
    private static void putShared(ByteBuffer b, int nameLength, int flags, int method, long crc, long compressed, long size) {
        b.putShort((short) versionNeeded(method));
        b.putShort((short) flags);
        b.putShort((short) method);
        b.putShort((short) DOS_TIME);
        b.putShort((short) DOS_DATE);
        b.putInt((int) crc);
        b.putInt((int) checked32(compressed));
        b.putInt((int) checked32(size));
        b.putShort((short) nameLength);
    }

    private static void writeCentralDirectory(CentralDirectory central, Output out) throws IOException {
        long start = out.position();
        out.write(central.bytes.array(), 0, central.bytes.position());
        long end = out.position();
        long size = end - start;
        int count = central.count;
        if (count > MAX_16) {
            ByteBuffer b = out.buffer(56 + 20);
            b.putInt(0x06064b50);
            b.putLong(44);
            b.putShort((short) MADE_BY_UNIX_ZIP64);
            b.putShort((short) 45);
            b.putInt(0);
            b.putInt(0);
            b.putLong(count);
            b.putLong(count);
            b.putLong(size);
            b.putLong(start);
            b.putInt(0x07064b50);
            b.putInt(0);
            b.putLong(end);
            b.putInt(1);
        }
        ByteBuffer b = out.buffer(22);
        b.putInt(0x06054b50);
        b.putShort((short) 0);
        b.putShort((short) 0);
        b.putShort((short) Math.min(count, MAX_16));
        b.putShort((short) Math.min(count, MAX_16));
        b.putInt((int) checked32(size));
        b.putInt((int) checked32(start));
        b.putShort((short) 0);
    }

    private static int versionNeeded(int method) {
        return method == DEFLATED ? 20 : 10;
    }

    private static int flags(byte[] name) {
        for (byte b : name) {
            if (b < 0) {
                return FLAG_UTF8;
            }
        }
        return 0;
    }

    /** Lambda's limits keep every size and offset far below 4 GB, so entries never need zip64 fields. */
    private static long checked32(long value) {
        if (value > MAX_32) {
            throw new IllegalStateException("zip sizes over 4 GB are not supported");
        }
        return value;
    }

    /** Writes entries in name order, collecting the central directory, what they unzip to, and what was left out. */
    private static final class Writer {
        private final Output out;
        private final Path spoolDir;
        private final LeftOut leftOut;
        private final Slabs slabs;
        private final CentralDirectory central;
        private long unzipped;

        Writer(Output out, Path spoolDir, LeftOut leftOut, Slabs slabs, List<Named> entries) {
            this.out = out;
            this.central = new CentralDirectory(entries);
            this.spoolDir = spoolDir;
            this.leftOut = leftOut;
            this.slabs = slabs;
        }

        /** Writes the oldest pending batch's entries; returns the batch, to be counted out of what is in flight. */
        Pending writeNext(Deque<Pending> pending) throws IOException {
            Pending next = pending.poll();
            if (next.future instanceof RunnableFuture<?> task) {
                // Not started yet: this thread would only wait for it, so it compresses it itself (a no-op once started).
                task.run();
            }
            Batch batch = Workers.await(next.future, "writing the zip");
            for (int i = 0; i < batch.entries.length; i++) {
                if (batch.entries[i] == null) {
                    throw batch.failedAt();
                }
                write(next.entries.get(i), batch.entries[i], batch.bytes);
            }
            slabs.give(batch.bytes);
            return next;
        }

        private void write(Named entry, Compressed data, byte[] bytes) throws IOException {
            if (data == Compressed.STREAM) {
                writeStreamed(entry);
                return;
            }
            if (data == Compressed.VANISHED) {
                leftOut.vanished(entry.source.name());
                return;
            }
            if (data.skipped != null) {
                leftOut.secret(entry.source.name(), data.skipped);
                return;
            }
            add(entry, data.method, data.crc, data.length, data.size, out.position());
            writeLocalHeader(out.buffer(30 + entry.name.length), entry.name, flags(entry.name), data.method, data.crc,
                    data.length, data.size);
            out.write(bytes, data.offset, data.length);
        }

        /**
         * Writes a large entry straight to disk behind a placeholder header, then patches the header: stored when its
         * first bytes say it is already compressed, else deflated. The raw bytes of a deflated one go to a spool file as
         * they are read, so that if deflating did not help the entry is rewritten stored, as the parallel path would have
         * done, without reading the source twice.
         */
        void writeStreamed(Named entry) throws IOException {
            InputStream stream;
            try {
                stream = entry.source.content().open();
            } catch (NoSuchFileException e) {
                leftOut.vanished(entry.source.name());
                return;
            }
            try (stream) {
                byte[] head = stream.readNBytes(PROBE_FROM);
                if (compressed(head, head.length)) {
                    writeStored(entry, head, stream);
                } else {
                    writeDeflated(entry, head, stream);
                }
            }
        }

        private void writeStored(Named entry, byte[] head, InputStream rest) throws IOException {
            long offset = out.position();
            int flags = flags(entry.name);
            writeLocalHeader(out.buffer(30 + entry.name.length), entry.name, flags, STORED, 0, 0, 0);
            CRC32 crc = new CRC32();
            crc.update(head);
            out.write(head, 0, head.length);
            long read = head.length;
            byte[] in = new byte[1 << 20];
            for (int n; (n = rest.read(in)) > 0; ) {
                read += n;
                crc.update(in, 0, n);
                out.write(in, 0, n);
            }
            ByteBuffer header = ByteBuffer.allocate(30 + entry.name.length).order(ByteOrder.LITTLE_ENDIAN);
            writeLocalHeader(header, entry.name, flags, STORED, crc.getValue(), read, read);
            out.patch(header.flip(), offset);
            add(entry, STORED, crc.getValue(), read, read, offset);
        }

        private void writeDeflated(Named entry, byte[] head, InputStream rest) throws IOException {
            InputStream stream = new SequenceInputStream(new ByteArrayInputStream(head), rest);
            long offset = out.position();
            int flags = flags(entry.name);
            byte[] in = new byte[1 << 16];
            byte[] buf = new byte[1 << 16];
            CRC32 crc = new CRC32();
            long read = 0;
            Deflater deflater = new Deflater(LEVEL, true);
            try (FileChannel spool = openSpool()) {
                writeLocalHeader(out.buffer(30 + entry.name.length), entry.name, flags, DEFLATED, 0, 0, 0);
                long dataStart = out.position();
                for (int n; (n = stream.read(in)) > 0; ) {
                    read += n;
                    crc.update(in, 0, n);
                    writeFully(spool, ByteBuffer.wrap(in, 0, n));
                    deflater.setInput(in, 0, n);
                    while (!deflater.needsInput()) {
                        out.write(buf, 0, deflater.deflate(buf));
                    }
                }
                deflater.finish();
                while (!deflater.finished()) {
                    out.write(buf, 0, deflater.deflate(buf));
                }
                long compressed = out.position() - dataStart;
                int method = DEFLATED;
                if (compressed >= read) {
                    out.truncate(dataStart);
                    spool.position(0);
                    ByteBuffer chunk = ByteBuffer.wrap(in);
                    for (int n; (n = spool.read(chunk.clear())) > 0; ) {
                        out.write(in, 0, n);
                    }
                    method = STORED;
                    compressed = read;
                }
                ByteBuffer header = ByteBuffer.allocate(30 + entry.name.length).order(ByteOrder.LITTLE_ENDIAN);
                writeLocalHeader(header, entry.name, flags, method, crc.getValue(), compressed, read);
                out.patch(header.flip(), offset);
                add(entry, method, crc.getValue(), compressed, read, offset);
            } finally {
                deflater.end();
            }
        }

        /** A temporary file, unlinked while open: nothing is left behind, not even by Ctrl-C, which skips finally blocks. */
        private FileChannel openSpool() throws IOException {
            Path file = Files.createTempFile(spoolDir, ".lamb-spool-", ".tmp");
            try {
                return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } finally {
                Files.delete(file);
            }
        }

        private void add(Named entry, int method, long crc, long compressed, long size, long offset) {
            central.add(entry, method, crc, compressed, size, offset);
            unzipped += size;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** One thread's room to compress in, reused from entry to entry: the source's bytes and a Deflater. */
    private static final class Buffers {
        /** Room kept between entries: a big entry's array is dropped after it, as it is outside MAX_BYTES_IN_FLIGHT. */
        private static final int KEPT = 1 << 20;
        private static final int FIRST = 1 << 16;
        final Deflater deflater = new Deflater(LEVEL, true);
        private byte[] raw = new byte[FIRST];

        void shrink() {
            raw = raw.length > KEPT ? new byte[FIRST] : raw;
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
     * Slabs the writer is done with, for the next batches: a few, none over {@link Buffers#KEPT}, so what waits here stays
     * small beside what is in flight.
     */
    private static final class Slabs {
        private static final int KEPT = 16;
        private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(KEPT);

        byte[] take() {
            byte[] bytes = free.poll();
            return bytes != null ? bytes : new byte[SLAB];
        }

        void give(byte[] bytes) {
            if (bytes.length <= Buffers.KEPT) {
                free.offer(bytes);
            }
        }
    }

    /** What the pending batches hold: their sources' listed bytes, and their entries. */
    private static final class InFlight {
        private long bytes;
        private int entries;

        void done(Pending batch) {
            bytes -= batch.bytes;
            entries -= batch.entries.size();
        }
    }

    private record Named(byte[] name, ZipSource source) {}

    /** Consecutive entries in name order, compressed by one task; {@code bytes} is their listed size. */
    private record Pending(List<Named> entries, long bytes, Future<Batch> future) {}

    /**
     * A batch's entries, compressed: each one's data is a range of {@code bytes}; when reading one failed, the entries
     * from it on are null and {@code failure} says why.
     */
    private record Batch(byte[] bytes, Compressed[] entries, Exception failure) {
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
    private record Compressed(int offset, int length, int method, long crc, int size, String skipped) {
        static final Compressed STREAM = new Compressed(0, 0, 0, 0, 0, "stream");
        static final Compressed VANISHED = new Compressed(0, 0, 0, 0, 0, "vanished");

        static Compressed secret(String holds) {
            return new Compressed(0, 0, 0, 0, 0, holds);
        }
    }

    /**
     * The central directory's records, serialized as the entries are written, on the writing thread while the pool
     * deflates, so that the zip's end is one copy rather than a loop over every entry after the last one.
     */
    private static final class CentralDirectory {
        private final ByteBuffer bytes;
        private int count;

        /** Room for a record of each entry: those left out only leave some unused. */
        CentralDirectory(List<Named> entries) {
            long room = 0;
            for (Named entry : entries) {
                room += 46 + entry.name.length;
            }
            bytes = ByteBuffer.allocate(Math.toIntExact(room)).order(ByteOrder.LITTLE_ENDIAN);
        }

        void add(Named entry, int method, long crc, long compressed, long size, long offset) {
            ByteBuffer b = bytes;
            b.putInt(0x02014b50);
            b.putShort((short) MADE_BY_UNIX);
            putShared(b, entry.name.length, flags(entry.name), method, crc, compressed, size);
            b.putShort((short) 0); // extra field length
            b.putShort((short) 0); // comment length
            b.putShort((short) 0); // disk number
            b.putShort((short) 0); // internal attributes
            b.putInt((entry.source.executable() ? MODE_EXECUTABLE : MODE_FILE) << 16);
            b.putInt((int) checked32(offset));
            b.put(entry.name);
            count++;
        }
    }

    /** Buffered, position-tracking writes to the zip file, with the two rewinds the streamed path needs. */
    private static final class Output {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long flushed;

        Output(FileChannel channel) {
            this.channel = channel;
        }

        long position() {
            return flushed + buffer.position();
        }

        /** The buffer, with room for at least {@code bytes} more (all headers are far below 1 MB). */
        ByteBuffer buffer(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
            return buffer;
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            if (length <= buffer.remaining()) {
                buffer.put(bytes, offset, length);
                return;
            }
            flush();
            if (length <= buffer.remaining()) {
                buffer.put(bytes, offset, length);
                return;
            }
            ByteBuffer direct = ByteBuffer.wrap(bytes, offset, length);
            while (direct.hasRemaining()) {
                flushed += channel.write(direct);
            }
        }

        void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                flushed += channel.write(buffer);
            }
            buffer.clear();
        }

        void truncate(long position) throws IOException {
            flush();
            channel.truncate(position);
            channel.position(position);
            flushed = position;
        }

        void patch(ByteBuffer bytes, long position) throws IOException {
            flush();
            long at = position;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        }
    }
}
