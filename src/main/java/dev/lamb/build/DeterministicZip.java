package dev.lamb.build;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
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
    static final long STREAMED_ABOVE = 8L << 20;
    private static final long MAX_BYTES_IN_FLIGHT = 64L << 20;
    private static final int MAX_ENTRIES_IN_FLIGHT = 4096;
    /** A batch is closed at this many listed bytes or entries: enough to make the hand-off between threads cheap, few
     * enough that both cores stay busy to the end. */
    private static final long BATCH_BYTES = 256 << 10;
    private static final int BATCH_ENTRIES = 256;

    private static final Comparator<byte[]> BY_BYTES = Arrays::compareUnsigned;

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
        ThreadLocal<BatchCompression.Buffers> buffers = ThreadLocal.withInitial(BatchCompression.Buffers::new);
        BatchCompression.Slabs slabs = new BatchCompression.Slabs();
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Writer writer = new Writer(new ZipRecords.Output(channel), target.toAbsolutePath().getParent(), leftOut, slabs, entries);
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
            ZipRecords.writeCentralDirectory(writer.central, writer.out);
            writer.out.flush();
            return new Written(writer.out.position(), writer.unzipped, writer.central.count());
        } finally {
            pool.shutdownNow();
            buffers.remove();
        }
    }

    /** Hands a batch of entries to the pool, once what is in flight leaves room for it (writing the oldest till then). */
    private static void submit(List<Named> batch, long bytes, Deque<Pending> pending, InFlight inFlight, Writer writer,
                               ExecutorService pool, ThreadLocal<BatchCompression.Buffers> buffers,
                               BatchCompression.Slabs slabs) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        while (!pending.isEmpty() && (inFlight.bytes + bytes > MAX_BYTES_IN_FLIGHT
                || inFlight.entries + batch.size() > MAX_ENTRIES_IN_FLIGHT)) {
            inFlight.done(writer.writeNext(pending));
        }
        Pending next = new Pending(batch, bytes, pool.submit(() -> BatchCompression.compressed(batch, buffers.get(), slabs)));
        pending.add(next);
        inFlight.bytes += bytes;
        inFlight.entries += batch.size();
    }

    private static List<Named> sorted(Collection<ZipSource> sources) {
        List<Named> named = new ArrayList<>(sources.size());
        for (ZipSource source : sources) {
            byte[] name = source.name().getBytes(StandardCharsets.UTF_8);
            if (name.length == 0 || name.length > ZipRecords.MAX_16 || name[0] == '/' || name[name.length - 1] == '/') {
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

    /** Writes entries in name order, collecting the central directory, what they unzip to, and what was left out. */
    private static final class Writer {
        private final ZipRecords.Output out;
        private final Path spoolDir;
        private final LeftOut leftOut;
        private final BatchCompression.Slabs slabs;
        private final ZipRecords.CentralDirectory central;
        private long unzipped;

        Writer(ZipRecords.Output out, Path spoolDir, LeftOut leftOut, BatchCompression.Slabs slabs, List<Named> entries) {
            this.out = out;
            this.central = new ZipRecords.CentralDirectory(entries);
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
            BatchCompression.Batch batch = Workers.await(next.future, "writing the zip");
            for (int i = 0; i < batch.entries().length; i++) {
                if (batch.entries()[i] == null) {
                    throw batch.failedAt();
                }
                write(next.entries.get(i), batch.entries()[i], batch.bytes());
            }
            slabs.give(batch.bytes());
            return next;
        }

        private void write(Named entry, BatchCompression.Compressed data, byte[] bytes) throws IOException {
            if (data == BatchCompression.Compressed.STREAM) {
                writeStreamed(entry);
                return;
            }
            if (data == BatchCompression.Compressed.VANISHED) {
                leftOut.vanished(entry.source.name());
                return;
            }
            if (data.skipped() != null) {
                leftOut.secret(entry.source.name(), data.skipped());
                return;
            }
            add(entry, data.method(), data.crc(), data.length(), data.size(), out.position());
            ZipRecords.writeLocalHeader(out.buffer(30 + entry.name.length), entry.name, ZipRecords.flags(entry.name), data.method(),
                    data.crc(), data.length(), data.size());
            out.write(bytes, data.offset(), data.length());
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
                byte[] head = stream.readNBytes(BatchCompression.PROBE_FROM);
                if (BatchCompression.alreadyCompressed(head, head.length)) {
                    writeStored(entry, head, stream);
                } else {
                    writeDeflated(entry, head, stream);
                }
            }
        }

        private void writeStored(Named entry, byte[] head, InputStream rest) throws IOException {
            long offset = out.position();
            int flags = ZipRecords.flags(entry.name);
            ZipRecords.writeLocalHeader(out.buffer(30 + entry.name.length), entry.name, flags, ZipRecords.STORED, 0, 0, 0);
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
            ZipRecords.writeLocalHeader(header, entry.name, flags, ZipRecords.STORED, crc.getValue(), read, read);
            out.patch(header.flip(), offset);
            add(entry, ZipRecords.STORED, crc.getValue(), read, read, offset);
        }

        private void writeDeflated(Named entry, byte[] head, InputStream rest) throws IOException {
            InputStream stream = new SequenceInputStream(new ByteArrayInputStream(head), rest);
            long offset = out.position();
            int flags = ZipRecords.flags(entry.name);
            byte[] in = new byte[1 << 16];
            byte[] buf = new byte[1 << 16];
            CRC32 crc = new CRC32();
            long read = 0;
            Deflater deflater = new Deflater(BatchCompression.LEVEL, true);
            try (FileChannel spool = openSpool()) {
                ZipRecords.writeLocalHeader(out.buffer(30 + entry.name.length), entry.name, flags, ZipRecords.DEFLATED, 0, 0, 0);
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
                int method = ZipRecords.DEFLATED;
                if (compressed >= read) {
                    out.truncate(dataStart);
                    spool.position(0);
                    ByteBuffer chunk = ByteBuffer.wrap(in);
                    for (int n; (n = spool.read(chunk.clear())) > 0; ) {
                        out.write(in, 0, n);
                    }
                    method = ZipRecords.STORED;
                    compressed = read;
                }
                ByteBuffer header = ByteBuffer.allocate(30 + entry.name.length).order(ByteOrder.LITTLE_ENDIAN);
                ZipRecords.writeLocalHeader(header, entry.name, flags, method, crc.getValue(), compressed, read);
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

    /** What the pending batches hold: their sources' listed bytes, and their entries. */
    private static final class InFlight {
        private long bytes;
        private int entries;

        void done(Pending batch) {
            bytes -= batch.bytes;
            entries -= batch.entries.size();
        }
    }

    /** A source and its name's UTF-8 bytes, which order the entries and go into their records. */
    record Named(byte[] name, ZipSource source) {}

    /** Consecutive entries in name order, compressed by one task; {@code bytes} is their listed size. */
    private record Pending(List<Named> entries, long bytes, Future<BatchCompression.Batch> future) {}
}
